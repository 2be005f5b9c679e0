package io.mpathvx.reconciler;

import io.mpathvx.core.config.FlushOnLastDel;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.sim.MapSnapshot;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * flush_map_nopaths() decided with the kernel's state at the moment it runs (simulated kernel): the open count the
 * planner saw may be stale, the one read here is not.
 */
class LastPathFlushTest {
    private SimulatedKernel sim;

    @BeforeEach
    void map() throws Exception {
        sim = new SimulatedKernel(SanTopology.generated(1, 1));
        var disk = sim.paths().get(0);
        sim.create("m", "mpath-x");
        sim.loadTable("m", List.of(new DmTarget(0, disk.sizeSectors(), "multipath",
                "1 queue_if_no_path 0 1 1 service-time 0 1 1 " + disk.devt() + " 1")));
        sim.resume("m");
    }

    @AfterEach
    void close() {
        sim.close();
    }

    private Optional<MapSnapshot> m() {
        return sim.snapshot("m");
    }

    private boolean queueing() {
        return m().orElseThrow().tableParams().contains("queue_if_no_path");
    }

    private void flush(FlushOnLastDel mode, boolean deferred) throws Exception {
        LastPathFlush.run(sim, new MapAction.FlushNoPaths("m", mode, deferred));
    }

    @Test
    void unusedKeepsAMapOpenedSinceThePlanAndQueueing() throws Exception {
        sim.openDevice("m");
        flush(FlushOnLastDel.UNUSED, false);
        assertTrue(m().isPresent() && queueing(), "in use and queueing: untouched");
    }

    @Test
    void unusedRemovesAClosedMapWithQueueingTurnedOffFirst() throws Exception {
        flush(FlushOnLastDel.UNUSED, false);
        assertTrue(m().isEmpty());
    }

    @Test
    void alwaysTurnsQueueingOffOnAnOpenMapAndKeepsIt() throws Exception {
        sim.openDevice("m");
        flush(FlushOnLastDel.ALWAYS, false);
        assertTrue(m().isPresent());
        assertFalse(queueing(), "queueing off: its users get errors instead of a hang");
    }

    @Test
    void alwaysWithDeferredRemovesAnOpenMapOnItsLastClose() throws Exception {
        sim.openDevice("m");
        flush(FlushOnLastDel.ALWAYS, true);
        assertTrue(m().orElseThrow().deferredRemove());
        assertFalse(queueing());
        sim.closeDevice("m");
        assertTrue(m().isEmpty());
    }

    @Test
    void neverKeepsAQueueingMapButFlushesOneThatNoLongerQueues() throws Exception {
        flush(FlushOnLastDel.NEVER, false);
        assertTrue(m().isPresent() && queueing());
        sim.message("m", 0, "fail_if_no_path");
        flush(FlushOnLastDel.NEVER, false);
        assertEquals(Optional.empty(), m());
    }
}
