package io.mpathvx.reconciler;

import io.mpathvx.core.config.FlushOnLastDel;
import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.model.DevT;

import java.util.List;

/**
 * One change to one multipath map in the kernel. The reconciler's diff and the path state machine produce these; the
 * action executor runs them in order per map (on workers) and reads the kernel state back. Each action knows how it
 * runs ({@link #applyTo}), how it reads in the log ({@link #describe}) and how it follows a rename ({@link #withMap}),
 * so no caller has to tell the types apart.
 */
public sealed interface MapAction {
    /** The dm name of the map the action is for. */
    String map();

    /** The same action addressed to the map under another name (after a rename planned before it). */
    MapAction withMap(String name);

    /** Runs the action on the kernel (blocking: on a worker). */
    void applyTo(DmControl dm) throws DmException;

    /** The map's dm name after the action ({@link Rename} changes it). */
    default String nameAfter() {
        return map();
    }

    /** Whether the action takes the map away (later messages to it would fail). */
    default boolean removesMap() {
        return false;
    }

    /** What the action does, for the log (without the map's name). */
    default String describe() {
        return toString();
    }

    /** An action that is one target message to the map's multipath target (sector 0). */
    sealed interface Message extends MapAction {
        /** The message text, as {@code dmsetup message <map> 0 <text>} takes it. */
        String dmMessage();

        @Override
        default void applyTo(DmControl dm) throws DmException {
            dm.message(map(), 0, dmMessage());
        }

        @Override
        default String describe() {
            return dmMessage();
        }
    }

    /** DEV_CREATE + TABLE_LOAD + RESUME. */
    record Create(String map, String uuid, DmTarget table) implements MapAction {
        @Override
        public MapAction withMap(String name) {
            return new Create(name, uuid, table);
        }

        @Override
        public void applyTo(DmControl dm) throws DmException {
            dm.create(map, uuid);
            dm.loadTable(map, List.of(table));
            dm.resume(map);
        }
    }

    /** TABLE_LOAD + SUSPEND(noflush) + RESUME: the live table differs from the wanted one. */
    record Reload(String map, DmTarget table) implements MapAction {
        @Override
        public MapAction withMap(String name) {
            return new Reload(name, table);
        }

        @Override
        public void applyTo(DmControl dm) throws DmException {
            reload(dm, map, table);
        }
    }

    /** Like Reload, for a LUN whose size changed. */
    record Resize(String map, DmTarget table) implements MapAction {
        @Override
        public MapAction withMap(String name) {
            return new Resize(name, table);
        }

        @Override
        public void applyTo(DmControl dm) throws DmException {
            reload(dm, map, table);
        }
    }

    record Rename(String map, String newName) implements MapAction {
        @Override
        public MapAction withMap(String name) {
            return new Rename(name, newName);
        }

        @Override
        public void applyTo(DmControl dm) throws DmException {
            dm.rename(map, newName);
        }

        @Override
        public String nameAfter() {
            return newName;
        }
    }

    /** DEV_REMOVE; deferred when the map is open and deferred_remove is on; forced removal of open maps only when asked. */
    record Remove(String map, boolean deferred) implements MapAction {
        @Override
        public MapAction withMap(String name) {
            return new Remove(name, deferred);
        }

        @Override
        public boolean removesMap() {
            return true;
        }

        @Override
        public void applyTo(DmControl dm) throws DmException {
            dm.remove(map, deferred);
        }
    }

    /**
     * The last path is gone: decided on the worker with the map's live open count and features, as multipathd's
     * flush_map_nopaths(): keep a queueing map under never, and under unused while open; otherwise
     * {@code fail_if_no_path} first, then DEV_REMOVE (deferred if asked; an open map without it stays).
     */
    record FlushNoPaths(String map, FlushOnLastDel mode, boolean deferred) implements MapAction {
        @Override
        public MapAction withMap(String name) {
            return new FlushNoPaths(name, mode, deferred);
        }

        @Override
        public boolean removesMap() {
            return true;
        }

        @Override
        public void applyTo(DmControl dm) throws DmException {
            LastPathFlush.run(dm, this);
        }
    }

    /** Message {@code switch_group N} (1-based). */
    record SwitchGroup(String map, int group) implements Message {
        @Override
        public MapAction withMap(String name) {
            return new SwitchGroup(name, group);
        }

        @Override
        public String dmMessage() {
            return "switch_group " + group;
        }

        @Override
        public String describe() {
            return "switch to group " + group;
        }
    }

    /** Message {@code enable_group N} (1-based). */
    record EnableGroup(String map, int group) implements Message {
        @Override
        public MapAction withMap(String name) {
            return new EnableGroup(name, group);
        }

        @Override
        public String dmMessage() {
            return "enable_group " + group;
        }

        @Override
        public String describe() {
            return "enable group " + group;
        }
    }

    record FailPath(String map, DevT path) implements Message {
        @Override
        public MapAction withMap(String name) {
            return new FailPath(name, path);
        }

        @Override
        public String dmMessage() {
            return "fail_path " + path;
        }

        @Override
        public String describe() {
            return "fail path " + path;
        }
    }

    record ReinstatePath(String map, DevT path) implements Message {
        @Override
        public MapAction withMap(String name) {
            return new ReinstatePath(name, path);
        }

        @Override
        public String dmMessage() {
            return "reinstate_path " + path;
        }

        @Override
        public String describe() {
            return "reinstate path " + path;
        }
    }

    /** Message {@code queue_if_no_path}. */
    record QueueIfNoPath(String map) implements Message {
        @Override
        public MapAction withMap(String name) {
            return new QueueIfNoPath(name);
        }

        @Override
        public String dmMessage() {
            return "queue_if_no_path";
        }
    }

    /** Message {@code fail_if_no_path}. */
    record FailIfNoPath(String map) implements Message {
        @Override
        public MapAction withMap(String name) {
            return new FailIfNoPath(name);
        }

        @Override
        public String dmMessage() {
            return "fail_if_no_path";
        }
    }

    /** DM_DEV_SUSPEND (flushing, as dmsetup suspend does): an operator's {@code suspend map}. */
    record Suspend(String map) implements MapAction {
        @Override
        public MapAction withMap(String name) {
            return new Suspend(name);
        }

        @Override
        public void applyTo(DmControl dm) throws DmException {
            dm.suspend(map, false, false);
        }

        @Override
        public String describe() {
            return "suspend";
        }
    }

    /** DM_DEV_SUSPEND without the suspend flag: an operator's {@code resume map}. */
    record Resume(String map) implements MapAction {
        @Override
        public MapAction withMap(String name) {
            return new Resume(name);
        }

        @Override
        public void applyTo(DmControl dm) throws DmException {
            dm.resume(map);
        }

        @Override
        public String describe() {
            return "resume";
        }
    }

    /** Load the inactive table, then swap it in without flushing queued I/O (multipath maps may be queueing). */
    private static void reload(DmControl dm, String name, DmTarget table) throws DmException {
        dm.loadTable(name, List.of(table));
        dm.suspend(name, true, true);
        dm.resume(name);
    }
}
