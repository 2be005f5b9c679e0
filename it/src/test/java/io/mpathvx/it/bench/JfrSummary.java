package io.mpathvx.it.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where mpathvx's CPU time went during a window of a JFR recording (settings=profile): execution samples by thread
 * (pool names without their number), by the first io.mpathvx frame on the stack, and by top frame; GC pause total.
 */
final class JfrSummary {
    private JfrSummary() {
    }

    static String summarize(Path jfr, Instant from, Instant to) throws IOException {
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byOurFrame = new HashMap<>();
        Map<String, Integer> byTopFrame = new HashMap<>();
        int samples = 0;
        Duration gcPauses = Duration.ZERO;
        int gcs = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(jfr)) {
            if (e.getStartTime().isBefore(from) || e.getStartTime().isAfter(to)) continue;
            String type = e.getEventType().getName();
            if (type.equals("jdk.GCPhasePause")) {
                gcPauses = gcPauses.plus(e.getDuration());
                gcs++;
            }
            if (!type.equals("jdk.ExecutionSample")) continue;
            samples++;
            String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
            byThread.merge(thread == null ? "?" : thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
            RecordedStackTrace st = e.getStackTrace();
            if (st == null || st.getFrames().isEmpty()) continue;
            List<RecordedFrame> frames = st.getFrames();
            byTopFrame.merge(method(frames.get(0)), 1, Integer::sum);
            frames.stream().filter(f -> f.getMethod().getType().getName().startsWith("io.mpathvx")).findFirst()
                    .ifPresent(f -> byOurFrame.merge(method(f), 1, Integer::sum));
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format("%d execution samples (20 ms per Java thread running Java code), %d GC pauses totalling %d ms%n",
                samples, gcs, gcPauses.toMillis()));
        out.append(table("Samples by thread", byThread, samples, 10));
        out.append(table("Samples by the innermost io.mpathvx frame", byOurFrame, samples, 15));
        out.append(table("Samples by top frame", byTopFrame, samples, 15));
        return out.toString();
    }

    private static String method(RecordedFrame f) {
        String type = f.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "." + f.getMethod().getName();
    }

    private static String table(String title, Map<String, Integer> counts, int total, int top) {
        String rows = counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(top).map(e -> String.format("| %s | %d | %.1f %% |", e.getKey(), e.getValue(),
                        100.0 * e.getValue() / Math.max(1, total)))
                .collect(Collectors.joining("\n"));
        return "\n" + title + ":\n\n| | samples | share |\n|---|---:|---:|\n" + rows + "\n";
    }
}
