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
    long sizeSectors;
    final List<SimDisk> paths = new ArrayList<>(4);

    SimLun(String wwid, long lun, long sizeSectors, String vendor, String product, String revision, String serial) {
        this.wwid = wwid;
        this.lun = lun;
        this.sizeSectors = sizeSectors;
        this.vendor = vendor;
        this.product = product;
        this.revision = revision;
        this.serial = serial;
    }
}
