package io.mpathvx.api;

import io.mpathvx.core.sim.DiskState;
import io.mpathvx.core.testkit.BlockedThreadGuard;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Locale;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /metrics}, {@code /healthz} and {@code /readyz} of a running daemon on the simulated kernel. */
@ExtendWith(BlockedThreadGuard.class)
class ProbeRoutesSimTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private AdminFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new AdminFixture();
        f.awaitPathsInMaps(4, WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private PromText scrape() throws Exception {
        SocketHttp.Response r = f.http("GET", "/metrics", null);
        assertEquals(200, r.status(), r.body());
        return PromText.parse(r.body());
    }

    @Test
    void metricsParseAndMatchTheSnapshotAlsoAfterAPathFails() throws Exception {
        String victim = f.sim.paths().stream().filter(p -> p.wwid().equals(AdminFixture.W1)).findFirst().orElseThrow().name();
        f.sim.setPathState(victim, DiskState.OFFLINE);
        String other = f.sim.paths().stream().filter(p -> p.wwid().equals(AdminFixture.W1) && !p.name().equals(victim))
                .findFirst().orElseThrow().name();
        await().atMost(WAIT).until(() -> f.daemon.snapshot().path(victim).map(p -> p.kernelState().equals("FAILED")
                && p.checkerState().equals("DOWN")).orElse(false)
                && f.daemon.snapshot().path(other).map(p -> p.checkerState().equals("UP")).orElse(false));
        f.daemon.idle().await();
        long checksBefore = f.daemon.snapshot().counters().getOrDefault("checks", 0L);
        PromText m = scrape();
        long checksAfter = f.daemon.snapshot().counters().getOrDefault("checks", 0L);
        DaemonSnapshot s = f.daemon.snapshot();
        assertEquals(s.mapCount(), m.value("mpathvx_maps"));
        assertEquals(s.pathCount(), m.value("mpathvx_paths"));
        assertEquals(1, m.value("mpathvx_running"));
        assertEquals("counter", m.types.getOrDefault("mpathvx_checks_total", m.types.get("mpathvx_checks")));
        double checks = m.value("mpathvx_checks_total");
        assertTrue(checks >= checksBefore && checks <= checksAfter, checks + " not in [" + checksBefore + ", " + checksAfter + "]");
        for (DaemonSnapshot.MapView map : s.maps()) {
            assertEquals(map.activePaths(), m.value("mpathvx_map_active_paths", "map", map.name(), "wwid", map.wwid()));
            assertEquals(map.table().features().contains("queue_if_no_path") ? 1 : 0,
                    m.value("mpathvx_map_queueing", "map", map.name(), "wwid", map.wwid()));
            assertEquals(map.sizeSectors() * 512.0, m.value("mpathvx_map_size_bytes", "map", map.name(), "wwid", map.wwid()));
        }
        for (DaemonSnapshot.PathView p : s.paths()) {
            String state = p.checkerState().toLowerCase(Locale.ROOT);
            assertEquals(p.kernelState().equals("ACTIVE") ? 1 : 0, m.value("mpathvx_path_dm_active", "path", p.name(), "map", p.map()));
            assertEquals(state.equals("up") ? 1 : 0, m.value("mpathvx_path_up", "path", p.name(), "map", p.map(), "state", state));
        }
        String map = s.map(AdminFixture.W1).orElseThrow().name();
        assertEquals(1, m.value("mpathvx_map_active_paths", "map", map, "wwid", AdminFixture.W1));
        assertEquals(1, m.value("mpathvx_map_paths", "map", map, "wwid", AdminFixture.W1, "state", "down"));
        assertEquals(1, m.value("mpathvx_map_paths", "map", map, "wwid", AdminFixture.W1, "state", "up"));
        assertTrue(m.value("mpathvx_path_failures_total", "path", victim, "map", map) >= 1);
    }

    @Test
    void healthzPingsTheLoopAndReadyzSaysRunning() throws Exception {
        SocketHttp.Response h = f.http("GET", "/healthz", null);
        assertEquals(200, h.status(), h.body());
        assertEquals("ok", new JsonObject(h.body()).getString("status"));
        assertTrue(new JsonObject(h.body()).getLong("loop_lag_ms") < ProbeRoutes.LOOP_DEADLINE_MS);
        SocketHttp.Response r = f.http("GET", "/readyz", null);
        assertEquals(200, r.status(), r.body());
        assertTrue(new JsonObject(r.body()).getBoolean("ready"));
        f.daemon.stop().await();
        r = f.http("GET", "/readyz", null);
        assertEquals(503, r.status(), r.body());
        assertEquals("stopping", new JsonObject(r.body()).getString("error"));
    }
}
