package io.mpathvx.reconciler.desired;

import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathTable;

import java.util.List;
import java.util.Objects;

/**
 * The map mpathvx wants for one WWID.
 *
 * @param wwid        the LUN
 * @param name        the dm name (alias, user-friendly name or WWID)
 * @param sizeSectors table length
 * @param table       the table as it would be loaded
 * @param groups      the ordered groups the table was built from (for display)
 * @param refused     paths of this WWID left out, with why
 * @param policy      the settings used
 */
public record DesiredMap(Wwid wwid, String name, long sizeSectors, MultipathTable table, List<PathGroup> groups,
                         List<Refused> refused, MapPolicy policy) {
    public DesiredMap {
        Objects.requireNonNull(wwid, "wwid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(table, "table");
        groups = List.copyOf(groups);
        refused = List.copyOf(refused);
    }

    /** A path not put into the map and the reason. */
    public record Refused(String path, String reason) {
    }

    public String uuid() {
        return wwid.mapUuid();
    }

    /** The single dm target: {@code 0 <size> multipath <params>}. */
    public DmTarget target() {
        return new DmTarget(0, sizeSectors, "multipath", table.format());
    }

    public DesiredMap withName(String newName) {
        return new DesiredMap(wwid, newName, sizeSectors, table, groups, refused, policy);
    }
}
