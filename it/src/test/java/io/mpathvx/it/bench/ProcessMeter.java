package io.mpathvx.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples one process from /proc every 100 ms: peak thread count and peak RSS while it runs, CPU seconds
 * (user + system, the process's own threads) between {@link #mark()} and {@link #cpuSinceMark()}.
 */
final class ProcessMeter implements AutoCloseable {
    private static final double CLOCK_TICKS = 100.0; // USER_HZ on Linux
    private final long pid;
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-proc-meter");
        t.setDaemon(true);
        return t;
    });
    private volatile int peakThreads;
    private volatile long peakRssKb;
    private volatile double cpuAtMark;

    ProcessMeter(long pid) {
        this.pid = pid;
        sampler.scheduleAtFixedRate(this::sample, 0, 100, TimeUnit.MILLISECONDS);
    }

    /** Resets the peaks and the CPU mark: what follows is the measured phase. */
    void mark() {
        peakThreads = 0;
        peakRssKb = 0;
        cpuAtMark = cpuSeconds();
        sample();
    }

    double cpuSinceMark() {
        return cpuSeconds() - cpuAtMark;
    }

    int peakThreads() {
        sample();
        return peakThreads;
    }

    long peakRssMb() {
        sample();
        return peakRssKb / 1024;
    }

    private synchronized void sample() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("Threads:")) peakThreads = Math.max(peakThreads, Integer.parseInt(value(line)));
                if (line.startsWith("VmRSS:")) peakRssKb = Math.max(peakRssKb, Long.parseLong(value(line).split("\\s+")[0]));
            }
        } catch (IOException | RuntimeException e) {
            // the process has exited; keep the peaks seen
        }
    }

    private double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS; // utime, stime
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String value(String line) {
        return line.substring(line.indexOf(':') + 1).trim();
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
