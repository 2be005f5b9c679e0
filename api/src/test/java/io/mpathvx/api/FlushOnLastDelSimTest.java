package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.core.sim.MapSnapshot;
import io.mpathvx.core.sim.PathInfo;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The last path of a map goes away: flush_on_last_del decides, as multipathd's flush_map_nopaths() — queueing off
 * first, then the map removed (deferred where deferred_remove is set); a queueing map is kept under {@code never},
 * and under {@code unused} while open.
 */
class FlushOnLastDelSimTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String W = "360014050000000000000000000000000";

    @RegisterExtension
    final SimDaemon running = new SimDaemon();
    private SimulatedKernel sim;
    private Daemon daemon;

    private void start(String defaults) throws Exception {
        sim = new SimulatedKernel(SanTopology.generated(1, 2));
        assertEquals(W, sim.paths().get(0).wwid(), "the generator's first WWID");
        var config = ConfigLoader.parse("""
                defaults {
                    find_multipaths greedy
                    no_path_retry queue
                    %s
                }
                """.formatted(defaults), "test.conf").config();
        daemon = running.start(sim, config);
        await().atMost(WAIT).until(() -> map().isPresent() && queueing());
    }

    private Optional<MapSnapshot> map() {
        return sim.snapshot(W);
    }

    private boolean queueing() throws Exception {
        return MultipathTable.parse(map().orElseThrow().table().get(0).params()).features().contains("queue_if_no_path");
    }

    private void removeEveryPath() {
        for (PathInfo p : sim.paths()) sim.removePath(p.name());
        // the daemon has taken the removals (the reconciler hears of them in the same loop task): idle() then
        // waits for the map's plan
        await().atMost(WAIT).until(() -> daemon.snapshot().paths().isEmpty());
    }

    @Test
    void alwaysTurnsQueueingOffOnAnOpenMapAndKeepsItWhileOpen() throws Exception {
        start("flush_on_last_del always");
        sim.openDevice(W);
        removeEveryPath();
        await().atMost(WAIT).until(() -> !queueing());
        daemon.idle().await();
        assertTrue(map().isPresent(), "open, no deferred_remove: the remove would be EBUSY (DM_FLUSH_BUSY)");
    }

    @Test
    void alwaysWithDeferredRemoveRemovesAnOpenMapOnItsLastClose() throws Exception {
        start("flush_on_last_del always\n deferred_remove yes");
        sim.openDevice(W);
        removeEveryPath();
        await().atMost(WAIT).until(() -> map().map(MapSnapshot::deferredRemove).orElse(false));
        assertFalse(queueing(), "queueing off before the deferred remove");
        sim.closeDevice(W);
        assertTrue(map().isEmpty());
    }

    @Test
    void unusedKeepsAnOpenQueueingMapAndRemovesItOnceClosed() throws Exception {
        start("flush_on_last_del unused");
        sim.openDevice(W);
        removeEveryPath();
        daemon.idle().await();
        assertTrue(map().isPresent() && queueing(), "in use and queueing: kept as it is");
        sim.closeDevice(W);
        daemon.reconfigure(ConfigLoader.parse("defaults {\n find_multipaths greedy\n no_path_retry queue\n}\n", "t.conf")
                .config()).await(); // a re-plan (the close itself sends no event)
        await().atMost(WAIT).until(() -> map().isEmpty());
    }

    @Test
    void neverKeepsAQueueingMapWithoutPaths() throws Exception {
        start("flush_on_last_del never");
        removeEveryPath();
        daemon.idle().await();
        assertTrue(map().isPresent(), "never: a queueing map stays");
        assertTrue(queueing());
    }
}
