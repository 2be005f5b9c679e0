package io.mpathvx.reconciler.diff;

import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.multipath.MultipathTable;

import java.util.List;
import java.util.Objects;

/**
 * A multipath map as the kernel reported it (read on a worker, immutable).
 *
 * @param info   DM_DEV_STATUS header (open count, suspended, deferred remove, ...)
 * @param target the live table's single target, null when no table is live (or it has several targets)
 * @param table  the parsed multipath parameters, null when there is no table or it is not a multipath one
 * @param status the parsed status, null when unavailable
 */
public record ObservedMap(String name, String uuid, Wwid wwid, DmInfo info, DmTarget target, MultipathTable table,
                          MultipathStatus status) {
    public ObservedMap {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(wwid, "wwid");
    }

    public boolean open() {
        return info != null && info.openCount() > 0;
    }

    public long sizeSectors() {
        return target == null ? 0 : target.length();
    }

    /** The path devices the live table uses. */
    public List<DevT> devices() {
        return table == null ? List.of() : table.devices();
    }
}
