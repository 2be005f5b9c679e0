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
    /** "", fc, iscsi, sas or usb: see SanTopology.PathSpec. */
    final String transport;
    /** Transport timeouts written by a daemon (rport fast_io_fail_tmo/dev_loss_tmo, ...), by attribute path. */
    final java.util.Map<String, String> transportAttrs = new java.util.HashMap<>();
    volatile DiskState state; // read without the kernel lock by checkers
    /** The SCSI command timeout in seconds (device/timeout), writable as in the kernel. */
    int timeout = 30;
    String alua;
    boolean preferred;
    /** Deleted from the SCSI layer; a table may still reference it, and I/O to it fails. */
    boolean removed;
    /** dm minors whose live or loaded table uses this disk (sysfs holders/). */
    final TreeSet<Integer> holders = new TreeSet<>();

    SimDisk(String name, int index, DevT devt, ScsiAddress address, SimLun lun, long diskseq, DiskState state,
            String alua, boolean preferred, String targetNodeName, String transport) {
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
        this.transport = transport;
    }

    boolean failsIo() {
        return removed || state.failsIo();
    }

    /** The SCSI device's directory, as under /sys (without the leading /sys). */
    String scsiDevicePath() {
        ScsiAddress a = address;
        String target = "/target" + a.host() + ":" + a.channel() + ":" + a.target() + "/" + a;
        int h = a.host();
        return switch (transport) {
            case "fc" -> "/devices/pci0000:00/0000:00:03.0/host" + h + "/" + rport() + target;
            case "iscsi" -> "/devices/platform/host" + h + "/" + session() + target;
            case "sas" -> "/devices/pci0000:00/0000:00:05.0/host" + h + "/port-" + h + ":0/end_device-" + h + ":0" + target;
            case "usb" -> "/devices/pci0000:00/0000:00:14.0/usb2/2-" + (h + 1) + "/2-" + (h + 1) + ":1.0/host" + h + target;
            default -> "/devices/pseudo_0/adapter" + h + "/host" + h + target;
        };
    }

    /** The FC remote port of an fc path (rport-H:C-T). */
    String rport() {
        return "rport-" + address.host() + ":" + address.channel() + "-" + address.target();
    }

    /** The iSCSI session of an iscsi path (one per host). */
    String session() {
        return "session" + (address.host() + 1);
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
