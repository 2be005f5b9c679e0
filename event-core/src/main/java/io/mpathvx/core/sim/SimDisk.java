package io.mpathvx.core.sim;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.ScsiAddress;

import java.util.TreeSet;

/** A SCSI disk (one path to a LUN). Mutable; guarded by the kernel's lock. */
final class SimDisk {
    final String name;
    final int index;
    final DevT devt;
    final ScsiAddress address;
    final SimLun lun;
    final long diskseq;
    final String targetNodeName;
    volatile DiskState state; // read without the kernel lock by checkers
    String alua;
    boolean preferred;
    /** Deleted from the SCSI layer; a table may still reference it, and I/O to it fails. */
    boolean removed;
    /** dm minors whose live or loaded table uses this disk (sysfs holders/). */
    final TreeSet<Integer> holders = new TreeSet<>();

    SimDisk(String name, int index, DevT devt, ScsiAddress address, SimLun lun, long diskseq, DiskState state,
            String alua, boolean preferred, String targetNodeName) {
        this.name = name;
        this.index = index;
        this.devt = devt;
        this.address = address;
        this.lun = lun;
        this.diskseq = diskseq;
        this.state = state;
        this.alua = alua;
        this.preferred = preferred;
        this.targetNodeName = targetNodeName;
    }

    boolean failsIo() {
        return removed || state.failsIo();
    }

    /** The SCSI device's directory, as under /sys (without the leading /sys). */
    String scsiDevicePath() {
        ScsiAddress a = address;
        return "/devices/pseudo_0/adapter" + a.host() + "/host" + a.host() + "/target" + a.host() + ":" + a.channel()
                + ":" + a.target() + "/" + a;
    }

    String blockDevpath() {
        return scsiDevicePath() + "/block/" + name;
    }

    /** sd's naming: index 0 → sda, 25 → sdz, 26 → sdaa (bijective base 26). */
    static String diskName(int index) {
        StringBuilder sb = new StringBuilder();
        int i = index;
        do {
            sb.append((char) ('a' + i % 26));
            i = i / 26 - 1;
        } while (i >= 0);
        return "sd" + sb.reverse();
    }

    private static final int[] SD_MAJORS = {8, 65, 66, 67, 68, 69, 70, 71, 128, 129, 130, 131, 132, 133, 134, 135};

    /** sd's device numbers: 16 minors per disk over 16 majors, extended minors beyond 256 disks. */
    static DevT diskDevt(int index) {
        int major = SD_MAJORS[(index >> 4) & 0xf];
        int minor = ((index & 0xf) << 4) | (index & 0xfff00); // as sd.c: 20-bit minors, 2^20 disks
        return new DevT(major, minor);
    }
}
