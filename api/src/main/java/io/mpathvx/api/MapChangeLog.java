package io.mpathvx.api;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.reconciler.MapView;
import io.mpathvx.reconciler.diff.ObservedMap;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Logs what happened to a map, once per change: its table going live or changing, its removal, a new error. Keeps the
 * kernel's table object it last logged per map (shared with the view, not a copy). Loop-only.
 */
final class MapChangeLog {
    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());

    private final Map<Wwid, MultipathTable> tables = new HashMap<>();
    private final Map<Wwid, String> errors = new HashMap<>();

    void changed(MapView view) {
        ObservedMap o = view.observed();
        MultipathTable table = o == null ? null : o.table();
        MultipathTable before = table == null ? tables.remove(view.wwid()) : tables.put(view.wwid(), table);
        if (table != null && !table.equals(before)) {
            LOG.info(() -> "map " + o.name() + " (" + view.wwid() + ") " + (before == null ? "is live" : "now has table")
                    + ": 0 " + o.sizeSectors() + " multipath " + table.format());
        } else if (table == null && before != null) {
            LOG.info(() -> "map " + view.name() + " (" + view.wwid() + ") removed");
        }
        if (view.lastError() == null) {
            errors.remove(view.wwid());
        } else if (!view.lastError().equals(errors.put(view.wwid(), view.lastError()))) {
            LOG.warning(() -> "map " + view.name() + " (" + view.wwid() + "): " + view.lastError()
                    + " (attempt " + view.attempts() + ", retrying)");
        }
    }
}
