package io.mpathvx.api;

import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.multipath.MultipathTable;

import java.util.Locale;
import java.util.Objects;

/**
 * Turns the snapshot's per-entry changes into stream events: the loop publishes every map and path change to the
 * snapshot anyway, so comparing the old entry with the new one (O(1)) sees each transition without hooks elsewhere.
 */
final class SnapshotEvents {
    private final EventJournal journal;

    SnapshotEvents(EventJournal journal) {
        this.journal = journal;
    }

    void path(DaemonSnapshot.PathView old, DaemonSnapshot.PathView now) {
        if (old == null) {
            journal.add("path_added", "uevent", now.map(), now.name(), now.devt());
            return;
        }
        if (!old.checkerState().equals(now.checkerState())) {
            journal.add("path_" + now.checkerState().toLowerCase(Locale.ROOT), "checker", now.map(), now.name(), "was "
                    + old.checkerState().toLowerCase(Locale.ROOT));
        }
        if (old.map().equals(now.map()) && !old.kernelState().equals(now.kernelState())) {
            if (now.kernelState().equals("FAILED")) journal.add("path_failed", "kernel", now.map(), now.name(), "");
            else if (now.kernelState().equals("ACTIVE") && old.kernelState().equals("FAILED")) {
                journal.add("path_reinstated", "kernel", now.map(), now.name(), "");
            }
        }
    }

    void pathRemoved(DaemonSnapshot.PathView old) {
        journal.add("path_removed", "uevent", old.map(), old.name(), old.devt());
    }

    void map(DaemonSnapshot.MapView old, DaemonSnapshot.MapView now) {
        MultipathTable was = old == null ? null : old.table();
        MultipathTable is = now.table();
        if (was == null && is != null) {
            journal.add("map_created", "reconciler", now.name(), "", now.wwid());
        } else if (was != null && is == null) {
            journal.add("map_removed", "reconciler", now.name(), "", now.wwid());
        } else if (was != null && is != null) {
            if (!was.groups().equals(is.groups()) || !was.hwHandler().equals(is.hwHandler())) {
                journal.add("map_reloaded", "reconciler", now.name(), "", "");
            }
            boolean q0 = was.features().contains("queue_if_no_path");
            boolean q1 = is.features().contains("queue_if_no_path");
            if (q0 != q1) journal.add(q1 ? "queueing_on" : "queueing_off", "reconciler", now.name(), "", "");
            int g0 = activeGroup(old.status());
            int g1 = activeGroup(now.status());
            if (g0 != g1 && g1 > 0) journal.add("group_switched", "kernel", now.name(), "", "group " + g1);
        }
        if (!now.lastError().isEmpty() && !Objects.equals(old == null ? "" : old.lastError(), now.lastError())) {
            journal.add("action_failed", "reconciler", now.name(), "", now.lastError());
        }
    }

    void mapRemoved(DaemonSnapshot.MapView old) {
        journal.add("map_removed", "reconciler", old.name(), "", old.wwid());
    }

    void resync(String why) {
        journal.add("overflow_resync", "uevent", "", "", why);
    }

    /** The 1-based index of the group the kernel uses, 0 when none. */
    private static int activeGroup(MultipathStatus s) {
        if (s == null) return 0;
        for (int i = 0; i < s.groups().size(); i++) if (s.groups().get(i).state() == MultipathStatus.GroupState.ACTIVE) return i + 1;
        return 0;
    }
}
