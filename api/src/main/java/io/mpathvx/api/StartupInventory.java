package io.mpathvx.api;

import io.mpathvx.core.model.Path;
import io.mpathvx.uevent.DiscoveredPath;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/** The log lines of the start-up scan: what was found, per LUN. Run on the worker that finished the scan. */
final class StartupInventory {
    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());
    /** Up to this many LUNs the start-up inventory is logged per LUN at INFO, beyond it at DEBUG only. */
    static final int INVENTORY_LINES = 64;

    private StartupInventory() {
    }

    static void log(List<DiscoveredPath> found) {
        Map<String, List<DiscoveredPath>> byWwid = found.stream().collect(Collectors.groupingBy(
                d -> d.path().wwid() == null ? "(no wwid)" : d.path().wwid().value(), TreeMap::new, Collectors.toList()));
        LOG.info(() -> "found " + found.size() + " paths to " + byWwid.size() + " LUNs");
        Level level = byWwid.size() <= INVENTORY_LINES ? Level.INFO : Level.FINE;
        if (!LOG.isLoggable(level)) return;
        byWwid.forEach((wwid, ps) -> {
            Path first = ps.get(0).path();
            LOG.log(level, () -> "LUN " + wwid + " " + first.vendor() + "," + first.product() + " size="
                    + first.sizeSectors() + " sectors, " + ps.size() + " path(s): " + ps.stream()
                    .map(d -> d.name() + " " + d.path().devt() + (d.path().scsi() == null ? "" : " " + d.path().scsi())
                            + (d.deviceState().isEmpty() ? "" : " " + d.deviceState()))
                    .collect(Collectors.joining(", ")));
        });
    }
}
