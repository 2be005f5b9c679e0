package io.mpathvx.core.model;

import java.util.List;
import java.util.Objects;

/**
 * A multipath map for one LUN, as mpathvx wants it or as the kernel has it.
 *
 * @param name        dm device name (alias, user friendly name or WWID)
 * @param uuid        dm uuid, {@code mpath-<wwid>}
 * @param wwid        the LUN
 * @param sizeSectors table length in 512-byte sectors
 * @param features    feature words, without the leading count (e.g. {@code [queue_if_no_path]})
 * @param hwHandler   hardware handler words, without the count (e.g. {@code [alua]}); empty for none
 * @param groups      priority groups in table order
 */
public record MultipathMap(String name, String uuid, Wwid wwid, long sizeSectors, List<String> features,
                           List<String> hwHandler, List<PathGroup> groups) {
    public MultipathMap {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(wwid, "wwid");
        uuid = uuid == null ? wwid.mapUuid() : uuid;
        features = List.copyOf(features);
        hwHandler = List.copyOf(hwHandler);
        groups = List.copyOf(groups);
    }

    public List<Path> paths() {
        return groups.stream().flatMap(g -> g.paths().stream()).toList();
    }
}
