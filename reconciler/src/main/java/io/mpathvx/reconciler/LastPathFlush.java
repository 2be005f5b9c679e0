package io.mpathvx.reconciler;

import io.mpathvx.core.config.FlushOnLastDel;
import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.multipath.MultipathTable;

import java.util.List;

/**
 * Runs {@link MapAction.FlushNoPaths} on a worker with what the kernel says now, not what the planner saw: whether
 * the map is open (multipathd's mpath_in_use(), dm_get_opencount()) and whether it queues. Mirrors
 * multipathd/main.c flush_map_nopaths() and libmultipath/devmapper.c dm_flush_map__() without partitions.
 */
final class LastPathFlush {
    private LastPathFlush() {
    }

    static void run(DmControl dm, MapAction.FlushNoPaths f) throws DmException {
        DmInfo info = dm.info(f.map());
        boolean inUse = info.openCount() > 0;
        List<DmTarget> table = dm.table(f.map());
        // without a readable multipath table, take it as queueing, as upstream does without features
        boolean queueing = true;
        if (table.size() == 1) {
            try {
                queueing = MultipathTable.parse(table.get(0).params()).features().contains("queue_if_no_path");
            } catch (Exception e) {
                // not a table we can read: queueing, as above
            }
        }
        if (queueing && f.mode() == FlushOnLastDel.NEVER) return;                // "map is queueing, can't remove"
        if (queueing && f.mode() == FlushOnLastDel.UNUSED && inUse) return;      // "map in use and queueing, can't remove"
        if (queueing) dm.message(f.map(), 0, "fail_if_no_path");
        if (inUse && !f.deferred()) return;                                      // DM_FLUSH_BUSY: queueing is off now
        dm.remove(f.map(), f.deferred());
    }
}
