package io.mpathvx.core.sim;

import io.mpathvx.core.model.DevT;

/** A device-mapper device. Mutable; guarded by the kernel's lock. */
final class SimMap {
    String name;
    final String uuid;
    final int minor;
    final DevT devt;
    final long diskseq;
    int opens;
    long eventNr;
    long ueventSeq; // DM_SEQNUM: per-device counter of dm target uevents
    boolean suspended;
    boolean deferredRemove;
    SimTable live;
    SimTable inactive;
    SimTable.Kind kind; // null until the first table load
    /** The gendisk is registered (add_disk) at the first table load, not at create (kernel 5.15+). */
    boolean diskAdded;

    SimMap(String name, String uuid, int minor, DevT devt, long diskseq) {
        this.name = name;
        this.uuid = uuid;
        this.minor = minor;
        this.devt = devt;
        this.diskseq = diskseq;
    }

    String kernelName() {
        return "dm-" + minor;
    }

    String devpath() {
        return "/devices/virtual/block/dm-" + minor;
    }
}
