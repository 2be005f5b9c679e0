package io.mpathvx.core.sim;

import java.util.ArrayList;
import java.util.List;

/** A LUN of the simulated SAN. Mutable; guarded by the kernel's lock. */
final class SimLun {
    final String wwid;
    final long lun;
    final String vendor;
    final String product;
    final String revision;
    final String serial;
    /** TPGS of standard INQUIRY: 0 none, 1 implicit, 2 explicit, 3 both. */
    final int tpgs;
    /** An RDAC array: VPD page 0xC9 answers "vac1". */
    final boolean rdac;
    long sizeSectors;
    final List<SimDisk> paths = new ArrayList<>(4);

    SimLun(String wwid, long lun, long sizeSectors, String vendor, String product, String revision, String serial,
           int tpgs, boolean rdac) {
        this.tpgs = tpgs;
        this.rdac = rdac;
        this.wwid = wwid;
        this.lun = lun;
        this.sizeSectors = sizeSectors;
        this.vendor = vendor;
        this.product = product;
        this.revision = revision;
        this.serial = serial;
    }
}
