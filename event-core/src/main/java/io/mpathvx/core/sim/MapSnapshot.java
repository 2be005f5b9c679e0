package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.model.DevT;

import java.util.List;

/**
 * One dm device of the simulated kernel at one moment.
 *
 * @param table  the live table's lines (empty: no live table)
 * @param status the live table's status lines
 */
public record MapSnapshot(String name, String uuid, DevT devt, long eventNr, int openCount, boolean suspended,
                          boolean deferredRemove, boolean inactiveTable, List<DmTarget> table, List<DmTarget> status) {
    public MapSnapshot {
        table = List.copyOf(table);
        status = List.copyOf(status);
    }

    /** The first target's table parameters (a multipath map has one target), empty without a live table. */
    public String tableParams() {
        return table.isEmpty() ? "" : table.get(0).params();
    }

    /** The first target's status parameters, empty without a live table. */
    public String statusParams() {
        return status.isEmpty() ? "" : status.get(0).params();
    }
}
