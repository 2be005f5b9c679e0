package io.mpathvx.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The kernel's block uevents as a small Python listener on NETLINK_KOBJECT_UEVENT records them (a tool independent
 * of mpathvx; udevadm monitor refuses to run in the guest's chroot), in udevadm monitor's format: the table-load
 * counter the kernel does not keep. A reload or a suspend ends with a resume, whose {@code change} uevent has no
 * DM_ACTION; dm-multipath's own path events carry DM_ACTION=PATH_FAILED/PATH_REINSTATED.
 */
record UeventLog(Process process, Path file) implements AutoCloseable {
    /** One uevent: action, kernel device name (dm-3, sdb) and its properties. */
    record Uevent(String action, String kernel, Map<String, String> properties) {
        boolean isResumeOfDm() {
            return action.equals("change") && kernel.startsWith("dm-") && !properties.containsKey("DM_ACTION");
        }
    }

    /** Binds the kernel's uevent group with a big buffer, then prints each block uevent as udevadm monitor does. */
    private static final String LISTENER = """
            import socket, sys, time
            s = socket.socket(socket.AF_NETLINK, socket.SOCK_DGRAM, 15)
            s.setsockopt(socket.SOL_SOCKET, 33, 64 << 20)
            s.bind((0, 1))
            print("KERNEL - the kernel uevent", flush=True)
            while True:
                parts = s.recv(1 << 16).split(b"\\0")
                props = dict(p.decode(errors="replace").split("=", 1) for p in parts[1:] if b"=" in p)
                if props.get("SUBSYSTEM") != "block":
                    continue
                lines = ["", "KERNEL[%.6f] %s %s (block)" % (time.monotonic(), props.get("ACTION"), props.get("DEVPATH"))]
                lines += ["%s=%s" % kv for kv in props.items()]
                print("\\n".join(lines), flush=True)
            """;

    static UeventLog start(Path file) throws IOException {
        Process p = new ProcessBuilder(List.of("python3", "-u", "-c", LISTENER))
                .redirectErrorStream(true).redirectOutput(file.toFile()).start();
        return new UeventLog(p, file);
    }

    /** Whether the monitor is listening yet (it prints its banner once the netlink socket is bound). */
    boolean listening() throws IOException {
        return Files.exists(file) && Files.readString(file).contains("KERNEL - the kernel uevent");
    }

    /**
     * Sends a change uevent on a disk and waits until it is recorded: the kernel multicasts uevents in order, so
     * everything it sent before has been recorded too.
     */
    void drain(String disk) throws IOException {
        long seen = changesOf(disk);
        Files.writeString(Path.of("/sys/block", disk, "uevent"), "change");
        await().atMost(Duration.ofMinutes(2)).until(() -> changesOf(disk) > seen);
    }

    private long changesOf(String disk) throws IOException {
        return events().stream().filter(e -> e.action().equals("change") && e.kernel().equals(disk)).count();
    }

    /** Every uevent recorded so far. */
    List<Uevent> events() throws IOException {
        List<Uevent> events = new ArrayList<>();
        String action = null;
        String kernel = null;
        Map<String, String> props = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("KERNEL[")) {
                // KERNEL[123.456] change   /devices/virtual/block/dm-3 (block)
                String[] w = line.split("\\s+");
                action = w[1];
                kernel = w[2].substring(w[2].lastIndexOf('/') + 1);
                props = new HashMap<>();
            } else if (line.isBlank()) {
                if (action != null) events.add(new Uevent(action, kernel, Map.copyOf(props)));
                action = null;
            } else if (action != null && line.contains("=")) {
                props.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        if (action != null) events.add(new Uevent(action, kernel, Map.copyOf(props)));
        return events;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
