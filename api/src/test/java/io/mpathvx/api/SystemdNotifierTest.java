package io.mpathvx.api;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SystemdNotifierTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void closeVertx() {
        vertx.close().await();
    }

    @Test
    void watchdogIntervalIsHonouredOnlyForThisProcess() {
        assertEquals(Duration.ofSeconds(30), SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000"), 42));
        assertEquals(Duration.ofSeconds(30), SystemdNotifier.watchdogInterval(
                Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "42"), 42));
        assertNull(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "30000000", "WATCHDOG_PID", "7"), 42));
        assertNull(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "soon"), 42));
        assertNull(SystemdNotifier.watchdogInterval(Map.of("WATCHDOG_USEC", "0"), 42));
        assertNull(SystemdNotifier.watchdogInterval(Map.of(), 42));
    }

    @Test
    void withoutNotifySocketNothingIsSent() {
        SystemdNotifier n = SystemdNotifier.fromEnvironment(Map.of("WATCHDOG_USEC", "1000000"));
        assertFalse(n.enabled());
        n.ready("x");
        n.stopping().join();
        n.close();
    }

    @Test
    void addressesArePathsOrAbstractNames() {
        assertEquals(2 + "/run/systemd/notify".length() + 1, NotifySocket.addressLength("/run/systemd/notify"));
        assertEquals(2 + "@x".length(), NotifySocket.addressLength("@x"));
        assertEquals(0, NotifySocket.sockaddr("@x").get(2), "abstract names start with a NUL byte");
        assertThrows(IllegalArgumentException.class, () -> NotifySocket.sockaddr("vsock:2:1234"));
        assertThrows(IllegalArgumentException.class, () -> NotifySocket.sockaddr("/" + "x".repeat(120)));
    }

    @Test
    void messagesArriveInOrderAndNoPingFollowsStopping(@TempDir Path dir) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify"))) {
            SystemdNotifier n = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.path().toString(),
                    "WATCHDOG_USEC", "100000"));
            assertTrue(n.enabled());
            n.ready("managing 0 maps");
            assertEquals("READY=1\nSTATUS=managing 0 maps", systemd.receive(WAIT).orElseThrow());
            n.startWatchdog(vertx, vertx.getOrCreateContext());
            assertEquals(SystemdNotifier.WATCHDOG, systemd.receive(WAIT).orElseThrow());
            n.reloading();
            n.stopping().get(10, TimeUnit.SECONDS);
            String m;
            do {
                m = systemd.receive(WAIT).orElseThrow();
            } while (m.equals(SystemdNotifier.WATCHDOG));
            assertTrue(m.startsWith("RELOADING=1\nMONOTONIC_USEC="), m);
            do {
                m = systemd.receive(WAIT).orElseThrow();
            } while (m.equals(SystemdNotifier.WATCHDOG));
            assertEquals(SystemdNotifier.STOPPING, m);
            // four ping periods without a datagram: the pings ended with STOPPING=1
            assertEquals(Optional.empty(), systemd.receive(Duration.ofMillis(200)));
            n.close();
        }
    }

    @Test
    void aStuckEventLoopStopsThePings(@TempDir Path dir) throws Exception {
        try (NotifyReceiver systemd = NotifyReceiver.bind(dir.resolve("notify"))) {
            SystemdNotifier n = SystemdNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", systemd.path().toString(),
                    "WATCHDOG_USEC", "100000"));
            Context loop = vertx.getOrCreateContext();
            n.startWatchdog(vertx, loop);
            assertEquals(SystemdNotifier.WATCHDOG, systemd.receive(WAIT).orElseThrow());
            CountDownLatch stuck = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            // held well under Vert.x's 2 s blocked-thread warning, released by the test once it saw silence
            loop.runOnContext(v -> {
                stuck.countDown();
                try {
                    release.await(1, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertTrue(stuck.await(10, TimeUnit.SECONDS));
            while (systemd.receive(Duration.ofMillis(1)).isPresent()) {
                // pings sent before the loop got stuck
            }
            assertEquals(Optional.empty(), systemd.receive(Duration.ofMillis(300)), "no ping while the loop is stuck");
            release.countDown();
            assertEquals(SystemdNotifier.WATCHDOG, systemd.receive(WAIT).orElseThrow(), "pings resume with the loop");
            n.close();
        }
    }
}
