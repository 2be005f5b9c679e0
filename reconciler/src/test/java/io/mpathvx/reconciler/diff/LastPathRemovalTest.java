package io.mpathvx.reconciler.diff;

import io.mpathvx.core.config.FlushOnLastDel;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.reconciler.MapAction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** flush_on_last_del × queueing × open × deferred_remove, as multipathd's flush_map_nopaths + dm_flush_map_nopaths. */
class LastPathRemovalTest {
    private static final Wwid W = Wwid.of("36001405aa");

    @ParameterizedTest(name = "{0} queueing={1} open={2} deferred={3} -> fail={4} remove={5}")
    @CsvSource({
            // mode,  queueing, open, deferred, fail_if_no_path, remove (no/now/deferred)
            "never,   true,  false, false, false, no",       // "map is queueing, can't remove"
            "never,   true,  true,  true,  false, no",
            "never,   false, false, false, false, now",      // not queueing: flushed like the others
            "unused,  true,  true,  false, false, no",       // "map in use and queueing, can't remove"
            "unused,  true,  true,  true,  false, no",
            "unused,  true,  false, false, true,  now",
            "unused,  false, true,  false, false, no",       // DM_FLUSH_BUSY
            "unused,  false, true,  true,  false, deferred",
            "always,  true,  true,  false, true,  no",       // queueing off, then BUSY: users get errors, not a hang
            "always,  true,  true,  true,  true,  deferred",
            "always,  true,  false, false, true,  now",
            "always,  false, false, false, false, now",
    })
    void decides(String mode, boolean queueing, boolean open, boolean deferred, boolean fail, String remove) throws Exception {
        String params = (queueing ? "1 queue_if_no_path" : "0") + " 0 1 1 service-time 0 1 2 65:0 1 1";
        DmInfo info = new DmInfo("m", W.mapUuid(), new DevT(253, 0), open ? 1 : 0, 1, 1, false, false, true, false, false);
        ObservedMap m = new ObservedMap("m", W.mapUuid(), W, info, new DmTarget(0, 2048, "multipath", params),
                MultipathTable.parse(params), null);
        List<MapAction> want = new ArrayList<>();
        if (fail) want.add(new MapAction.FailIfNoPath("m"));
        if (!remove.equals("no")) want.add(new MapAction.Remove("m", remove.equals("deferred")));
        assertEquals(want, LastPathRemoval.actions(m, new DiffOptions(false, deferred, FlushOnLastDel.valueOf(mode.toUpperCase()))));
    }
}
