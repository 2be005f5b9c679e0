package io.mpathvx.reconciler.diff;

import io.mpathvx.core.config.FlushOnLastDel;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.reconciler.MapAction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** flush_on_last_del × queueing × open × deferred_remove, as multipathd's flush_map_nopaths + dm_flush_map_nopaths. */
class LastPathRemovalTest {
    private static final Wwid W = Wwid.of("36001405aa");

    @ParameterizedTest(name = "{0} queueing={1} open={2} deferred={3} -> {4}")
    @CsvSource({
            // mode,  queueing, open (as last read), deferred, planned (keep / flush: decided again on the worker)
            "never,   true,  false, false, keep",    // "map is queueing, can't remove"
            "never,   true,  true,  true,  keep",
            "never,   false, false, false, flush",   // not queueing: flushed like the others
            "unused,  true,  true,  false, flush",   // in use and queueing: the flush keeps it if still open
            "unused,  true,  true,  true,  flush",
            "unused,  true,  false, false, flush",
            "unused,  false, true,  false, flush",   // DM_FLUSH_BUSY if still open
            "unused,  false, true,  true,  flush",
            "always,  true,  true,  false, flush",   // queueing off, then BUSY: users get errors, not a hang
            "always,  true,  true,  true,  flush",
            "always,  true,  false, false, flush",
            "always,  false, false, false, flush",
    })
    void decides(String mode, boolean queueing, boolean open, boolean deferred, String planned) throws Exception {
        ObservedMap m = map(queueing, open);
        FlushOnLastDel f = FlushOnLastDel.valueOf(mode.toUpperCase());
        List<MapAction> want = planned.equals("keep") ? List.of() : List.of(new MapAction.FlushNoPaths("m", f, deferred));
        assertEquals(want, LastPathRemoval.actions(m, new DiffOptions(false, deferred, f)));
    }

    @Test
    void forcedRemovalTurnsQueueingOffFirst() throws Exception {
        assertEquals(List.of(new MapAction.FailIfNoPath("m"), new MapAction.Remove("m", false)),
                LastPathRemoval.actions(map(true, true), new DiffOptions(true, false, FlushOnLastDel.NEVER)));
    }

    private static ObservedMap map(boolean queueing, boolean open) throws Exception {
        String params = (queueing ? "1 queue_if_no_path" : "0") + " 0 1 1 service-time 0 1 2 65:0 1 1";
        DmInfo info = new DmInfo("m", W.mapUuid(), new DevT(253, 0), open ? 1 : 0, 1, 1, false, false, true, false, false);
        return new ObservedMap("m", W.mapUuid(), W, info, new DmTarget(0, 2048, "multipath", params),
                MultipathTable.parse(params), null);
    }
}
