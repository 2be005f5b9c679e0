package io.mpathvx.reconciler.exec;

import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.sim.DmCall;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.MapAction;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ActionExecutorTest {
    private static final String UUID = "mpath-360014050000000000000000000000000";

    private static DmTarget table(SimulatedKernel sim) {
        var p = sim.paths();
        return new DmTarget(0, p.get(0).sizeSectors(), "multipath",
                "0 0 1 1 service-time 0 2 1 " + p.get(0).devt() + " 1 " + p.get(1).devt() + " 1");
    }

    @Test
    void runsInOrderAndReadsTheMapBack() {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        ActionExecutor ex = new ActionExecutor(sim, Runnable::run);
        var dev = sim.paths().get(0).devt();
        MapOutcome out = ex.runNow("k", List.of(new MapAction.Create("m", UUID, table(sim)),
                new MapAction.FailPath("m", dev), new MapAction.Rename("m", "n"), new MapAction.QueueIfNoPath("n")));
        assertTrue(out.ok(), String.valueOf(out.error()));
        assertEquals(4, out.completed());
        assertEquals("n", out.after().name(), "read back under the new name");
        assertTrue(out.after().status().groups().get(0).paths().stream().anyMatch(p -> p.devt().equals(dev) && !p.active()));
        assertEquals(1, sim.calls().count(DmCall.RENAME));
    }

    @Test
    void aFailureStopsTheBatchAndTheStateIsStillReadBack() {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        ActionExecutor ex = new ActionExecutor(sim, Runnable::run);
        sim.faults().failNext(DmCall.TABLE_LOAD, Errno.EINVAL);
        MapOutcome out = ex.runNow("k", List.of(new MapAction.Create("m", UUID, table(sim)), new MapAction.QueueIfNoPath("m")));
        assertFalse(out.ok());
        assertEquals(Errno.EINVAL, out.error().errno());
        assertEquals(0, out.completed());
        assertEquals(0, sim.calls().count(DmCall.MESSAGE), "later actions are not tried");
        assertTrue(out.readBack());
        assertNotNull(out.after(), "the device CREATE made is reported");
        assertNull(out.after().table(), "without a live table");
    }

    @Test
    void removedMapReadsBackAsAbsent() {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        ActionExecutor ex = new ActionExecutor(sim, Runnable::run);
        ex.runNow("k", List.of(new MapAction.Create("m", UUID, table(sim))));
        MapOutcome out = ex.runNow("k", List.of(new MapAction.Remove("m", false)));
        assertTrue(out.ok());
        assertTrue(out.readBack());
        assertNull(out.after());
    }

    @Test
    void nonMultipathDevicesAreNotObserved() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 1));
        sim.create("plain", "LVM-abc");
        assertNull(MapReader.read(sim, "plain"));
        assertNull(MapReader.read(sim, "nothing-here"));
    }
}
