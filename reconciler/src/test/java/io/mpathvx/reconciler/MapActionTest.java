package io.mpathvx.reconciler;

import io.mpathvx.core.config.FlushOnLastDel;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.sim.DmCall;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MapActionTest {
    private static final DevT D = DevT.parse("8:16");
    private static final DmTarget T = new DmTarget(0, 2048, "multipath", "0 0 1 1 round-robin 0 1 1 8:16 1");

    private static final List<MapAction> ALL = List.of(new MapAction.Create("m", "mpath-3600a", T),
            new MapAction.Reload("m", T), new MapAction.Resize("m", T), new MapAction.Rename("m", "n"),
            new MapAction.Remove("m", true), new MapAction.FlushNoPaths("m", FlushOnLastDel.UNUSED, true),
            new MapAction.SwitchGroup("m", 2), new MapAction.EnableGroup("m", 1), new MapAction.FailPath("m", D),
            new MapAction.ReinstatePath("m", D), new MapAction.QueueIfNoPath("m"), new MapAction.FailIfNoPath("m"),
            new MapAction.Suspend("m"), new MapAction.Resume("m"));

    @Test
    void messagesSpellWhatTheMultipathTargetTakes() {
        assertEquals(List.of("switch_group 2", "enable_group 1", "fail_path 8:16", "reinstate_path 8:16",
                        "queue_if_no_path", "fail_if_no_path"),
                ALL.stream().filter(a -> a instanceof MapAction.Message).map(a -> ((MapAction.Message) a).dmMessage()).toList());
    }

    @Test
    void withMapKeepsEverythingButTheName() {
        for (MapAction a : ALL) {
            MapAction moved = a.withMap("x");
            assertEquals("x", moved.map(), a.toString());
            assertEquals(a.getClass(), moved.getClass());
            assertEquals(a, moved.withMap("m"), "only the name differs");
        }
    }

    @Test
    void onlyARenameChangesTheNameAndOnlyRemovalsTakeTheMapAway() {
        for (MapAction a : ALL) {
            assertEquals(a instanceof MapAction.Rename ? "n" : "m", a.nameAfter(), a.toString());
            assertEquals(a instanceof MapAction.Remove || a instanceof MapAction.FlushNoPaths, a.removesMap(), a.toString());
        }
    }

    @Test
    void theLogSaysWhatHappens() {
        assertEquals("fail path 8:16", new MapAction.FailPath("m", D).describe());
        assertEquals("switch to group 2", new MapAction.SwitchGroup("m", 2).describe());
        assertEquals("queue_if_no_path", new MapAction.QueueIfNoPath("m").describe());
        assertEquals("suspend", new MapAction.Suspend("m").describe());
    }

    @Test
    void aMessageIsOneTargetMessageToTheKernel() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 1));
        DmTarget table = new DmTarget(0, sim.paths().get(0).sizeSectors(), "multipath",
                "0 0 1 1 round-robin 0 1 1 " + sim.paths().get(0).devt() + " 1");
        new MapAction.Create("m", "mpath-3600a", table).applyTo(sim);
        sim.calls().reset();
        new MapAction.FailIfNoPath("m").applyTo(sim);
        assertEquals(1, sim.calls().count(DmCall.MESSAGE));
        new MapAction.Reload("m", table).applyTo(sim);
        assertEquals(1, sim.calls().count(DmCall.TABLE_LOAD));
        assertEquals(1, sim.calls().count(DmCall.RESUME));
    }
}
