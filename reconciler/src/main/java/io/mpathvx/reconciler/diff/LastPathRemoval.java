package io.mpathvx.reconciler.diff;

import io.mpathvx.core.config.FlushOnLastDel;
import io.mpathvx.reconciler.MapAction;

import java.util.ArrayList;
import java.util.List;

/**
 * What to do with a map whose last path is gone, as multipathd's flush_map_nopaths() (multipathd/main.c) and
 * dm_flush_map_nopaths() (libmultipath/devmapper.c) decide it:
 * <ul>
 * <li>a queueing map is kept under {@code flush_on_last_del never}, and under {@code unused} while it is open;</li>
 * <li>otherwise queueing is turned off first (I/O still queued fails instead of hanging the remove), then the map is
 * removed: deferred when deferred_remove is set (an open map goes on its last close); an open map without deferred
 * removal stays (DM_FLUSH_BUSY) — with its queueing off, so its users get errors, not a hang.</li>
 * </ul>
 */
final class LastPathRemoval {
    private LastPathRemoval() {
    }

    static List<MapAction> actions(ObservedMap observed, DiffOptions options) {
        // no table read: multipathd also takes an unknown feature set as queueing
        boolean queueing = observed.table() == null || observed.table().features().contains("queue_if_no_path");
        FlushOnLastDel mode = options.flushOnLastDel();
        if (queueing && !options.forceRemove()) {
            if (mode == FlushOnLastDel.NEVER) return List.of();
            if (mode == FlushOnLastDel.UNUSED && observed.open()) return List.of();
        }
        List<MapAction> out = new ArrayList<>(2);
        if (queueing) out.add(new MapAction.FailIfNoPath(observed.name()));
        if (options.forceRemove()) out.add(new MapAction.Remove(observed.name(), false));
        // With deferred_remove the flag is always sent, like multipathd: a closed map goes at once, an open one on
        // its last close. The open count we saw may be stale; the kernel's answer decides.
        else if (options.deferredRemove()) out.add(new MapAction.Remove(observed.name(), true));
        else if (!observed.open()) out.add(new MapAction.Remove(observed.name(), false)); // EBUSY if opened meanwhile: retried
        return out;
    }
}
