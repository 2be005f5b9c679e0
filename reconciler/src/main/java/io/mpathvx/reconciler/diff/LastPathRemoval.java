package io.mpathvx.reconciler.diff;

import io.mpathvx.core.config.FlushOnLastDel;
import io.mpathvx.reconciler.MapAction;

import java.util.List;

/**
 * What to do with a map whose last path is gone, as multipathd's flush_map_nopaths() (multipathd/main.c) and
 * dm_flush_map_nopaths() (libmultipath/devmapper.c) decide it. The decision needs the map's open count and queueing
 * as they are when it is made, so it is an action of its own ({@link MapAction.FlushNoPaths}) that the executor
 * decides on its worker; only a queueing map under {@code never} is left out here (queueing changes only by
 * messages, which are read back):
 * <ul>
 * <li>a queueing map is kept under {@code flush_on_last_del never}, and under {@code unused} while it is open;</li>
 * <li>otherwise queueing is turned off first, then the map is removed: deferred when deferred_remove is set; an open
 * map without deferred removal stays (DM_FLUSH_BUSY) — with its queueing off, so its users get errors, not a hang.</li>
 * </ul>
 * With the force-remove option (not multipathd's) the map goes at once, queueing off first.
 */
final class LastPathRemoval {
    private LastPathRemoval() {
    }

    static List<MapAction> actions(ObservedMap observed, DiffOptions options) {
        // no table read: multipathd also takes an unknown feature set as queueing
        boolean queueing = observed.table() == null || observed.table().features().contains("queue_if_no_path");
        if (options.forceRemove()) {
            return queueing ? List.of(new MapAction.FailIfNoPath(observed.name()), new MapAction.Remove(observed.name(), false))
                    : List.of(new MapAction.Remove(observed.name(), false));
        }
        FlushOnLastDel mode = options.flushOnLastDel();
        // the open count read earlier may be stale either way (a close sends no event): the flush reads it again
        if (queueing && mode == FlushOnLastDel.NEVER) return List.of();
        return List.of(new MapAction.FlushNoPaths(observed.name(), mode, options.deferredRemove()));
    }
}
