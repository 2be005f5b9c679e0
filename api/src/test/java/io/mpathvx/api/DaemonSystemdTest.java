package io.mpathvx.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code mpathvx daemon} process under a stand-in for systemd: this test binds $NOTIFY_SOCKET, starts the
 * daemon (simulated SAN) with WATCHDOG_USEC set, and sees READY=1 after start-up, watchdog pings, then STOPPING=1
 * once SIGTERM arrives, with no ping after it — the order a Type=notify unit with WatchdogSec relies on.
 */
class DaemonSystemdTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void readyThenWatchdogThenStoppingOnSigterm(@TempDir Path dir) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify"))) {
            ProcessBuilder pb = new ProcessBuilder(DaemonProcess.javaCommand("daemon", "--sim", "../examples/san-small.json",
                    "--config", "../examples/multipath.conf", "-q"))
                    .redirectErrorStream(true).redirectOutput(dir.resolve("daemon.log").toFile());
            pb.environment().put("NOTIFY_SOCKET", systemd.path().toString());
            pb.environment().put("WATCHDOG_USEC", "200000");
            Process daemon = pb.start();
            List<String> got = new ArrayList<>();
            try {
                String ready = systemd.receive(WAIT).orElseThrow(() -> new AssertionError("no READY=1; " + log(dir)));
                got.add(ready);
                assertTrue(ready.startsWith("READY=1\nSTATUS=managing 8 maps"), ready);
                got.add(systemd.receive(WAIT).orElseThrow());
                assertEquals(SystemdNotifier.WATCHDOG, got.get(1));
                daemon.destroy(); // SIGTERM, as systemctl stop sends
                Optional<String> m;
                while ((m = systemd.receive(WAIT)).isPresent()) {
                    got.add(m.get());
                    if (m.get().equals(SystemdNotifier.STOPPING)) break;
                }
                assertTrue(daemon.waitFor(60, TimeUnit.SECONDS), "the daemon exits after SIGTERM");
                while ((m = systemd.receive(Duration.ofMillis(100))).isPresent()) got.add(m.get());
            } finally {
                daemon.destroyForcibly();
            }
            assertEquals(SystemdNotifier.STOPPING, got.get(got.size() - 1), "STOPPING=1 last: " + got);
            assertTrue(got.subList(1, got.size() - 1).stream().allMatch(SystemdNotifier.WATCHDOG::equals),
                    "only pings between READY=1 and STOPPING=1: " + got);
            System.out.println("sd_notify messages: READY=1, " + (got.size() - 2) + " x WATCHDOG=1, STOPPING=1");
        }
    }

    private static String log(Path dir) {
        try {
            return "daemon output:\n" + Files.readString(dir.resolve("daemon.log"));
        } catch (java.io.IOException e) {
            return "(no daemon output)";
        }
    }
}
