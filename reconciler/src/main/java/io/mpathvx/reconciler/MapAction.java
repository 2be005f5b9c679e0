package io.mpathvx.reconciler;

import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.model.DevT;

/**
 * One change to one multipath map in the kernel. The reconciler's diff and the path state machine produce these; the
 * action executor runs them in order per map (on workers) and reads the kernel state back.
 */
public sealed interface MapAction {
    /** The dm name of the map the action is for. */
    String map();

    /** DEV_CREATE + TABLE_LOAD + RESUME. */
    record Create(String map, String uuid, DmTarget table) implements MapAction {
    }

    /** TABLE_LOAD + SUSPEND(noflush) + RESUME: the live table differs from the wanted one. */
    record Reload(String map, DmTarget table) implements MapAction {
    }

    /** Like Reload, for a LUN whose size changed. */
    record Resize(String map, DmTarget table) implements MapAction {
    }

    record Rename(String map, String newName) implements MapAction {
    }

    /** DEV_REMOVE; deferred when the map is open and deferred_remove is on; forced removal of open maps only when asked. */
    record Remove(String map, boolean deferred) implements MapAction {
    }

    /**
     * The last path is gone: decided on the worker with the map's live open count and features, as multipathd's
     * flush_map_nopaths(): keep a queueing map under never, and under unused while open; otherwise
     * {@code fail_if_no_path} first, then DEV_REMOVE (deferred if asked; an open map without it stays).
     */
    record FlushNoPaths(String map, io.mpathvx.core.config.FlushOnLastDel mode, boolean deferred) implements MapAction {
    }

    /** Message {@code switch_group N} (1-based). */
    record SwitchGroup(String map, int group) implements MapAction {
    }

    /** Message {@code enable_group N} (1-based). */
    record EnableGroup(String map, int group) implements MapAction {
    }

    record FailPath(String map, DevT path) implements MapAction {
    }

    record ReinstatePath(String map, DevT path) implements MapAction {
    }

    /** Message {@code queue_if_no_path}. */
    record QueueIfNoPath(String map) implements MapAction {
    }

    /** Message {@code fail_if_no_path}. */
    record FailIfNoPath(String map) implements MapAction {
    }

    /** DM_DEV_SUSPEND (flushing, as dmsetup suspend does): an operator's {@code suspend map}. */
    record Suspend(String map) implements MapAction {
    }

    /** DM_DEV_SUSPEND without the suspend flag: an operator's {@code resume map}. */
    record Resume(String map) implements MapAction {
    }
}
