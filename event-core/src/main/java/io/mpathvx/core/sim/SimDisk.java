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
    /** The ALUA target port group of the disk's target port. */
    final int tpg;
    /** For an NVMe namespace path: its controller; null for a SCSI disk. */
    final SimNvmeCtrl nvme;
    /** For an NVMe path: the ANA group and its state on this controller (NvmeTopology.ANA_STATES). */
    final int anaGroup;
    String ana;
    volatile DiskState state; // read without the kernel lock by checkers
    /** How long a direct read takes (the path_latency prioritizer's measure). */
    java.time.Duration readLatency = java.time.Duration.ofNanos(100_000);
    /** The SCSI command timeout in seconds (device/timeout), writable as in the kernel. */
    int timeout = 30;
    /** The capacity this disk reports when it differs from its LUN's (read before a rescan caught up); 0: the LUN's. */
    long sizeOverride;
    String alua;
    boolean preferred;
    /** Deleted from the SCSI layer; a table may still reference it, and I/O to it fails. */
    boolean removed;
    /** dm minors whose live or loaded table uses this disk (sysfs holders/). */
    final TreeSet<Integer> holders = new TreeSet<>();

    SimDisk(String name, int index, DevT devt, ScsiAddress address, SimLun lun, long diskseq, DiskState state,
            String alua, boolean preferred, String targetNodeName, String transport, int tpg) {
        this(name, index, devt, address, lun, diskseq, state, alua, preferred, targetNodeName, transport, tpg, null, 0,
                null);
    }

    /** An NVMe namespace as {@code ctrl} shows it ({@code address}: controller instance, cntlid, head, nsid). */
    SimDisk(String name, int index, DevT devt, ScsiAddress address, SimLun lun, long diskseq, SimNvmeCtrl ctrl,
            int anaGroup, String ana) {
        this(name, index, devt, address, lun, diskseq, DiskState.RUNNING, null, false, "", ctrl.subsystem().transport(),
                0, ctrl, anaGroup, ana);
    }

    private SimDisk(String name, int index, DevT devt, ScsiAddress address, SimLun lun, long diskseq, DiskState state,
                    String alua, boolean preferred, String targetNodeName, String transport, int tpg, SimNvmeCtrl nvme,
                    int anaGroup, String ana) {
        this.nvme = nvme;
        this.anaGroup = anaGroup;
        this.ana = ana;
        this.tpg = tpg;
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

    /**
     * The device handler the SCSI layer attaches at scan (drivers/scsi/scsi_dh.c scsi_dh_find_driver): the one its
     * vendor/model list names (prefix match), else alua for a device with TPGS, else none (null).
     */
    String handler() {
        if (nvme != null) return null;
        for (String[] e : DH_LIST) {
            if (lun.vendor.startsWith(e[0]) && lun.product.startsWith(e[1])) return e[2];
        }
        return lun.tpgs != 0 ? "alua" : null;
    }

    /** The ALUA access state: the disk's own, or active/optimized where the topology gives none. */
    String accessState() {
        return alua != null ? alua : "active/optimized";
    }

    /** scsi_dh.c scsi_dh_blist (Linux 6.x). */
    private static final String[][] DH_LIST = {
            {"DGC", "RAID", "emc"}, {"DGC", "DISK", "emc"}, {"DGC", "VRAID", "emc"},
            {"COMPAQ", "MSA1000 VOLUME", "hp_sw"}, {"COMPAQ", "HSV110", "hp_sw"}, {"HP", "HSV100", "hp_sw"},
            {"DEC", "HSG80", "hp_sw"},
            {"IBM", "1722", "rdac"}, {"IBM", "1724", "rdac"}, {"IBM", "1726", "rdac"}, {"IBM", "1742", "rdac"},
            {"IBM", "1745", "rdac"}, {"IBM", "1746", "rdac"}, {"IBM", "1813", "rdac"}, {"IBM", "1814", "rdac"},
            {"IBM", "1815", "rdac"}, {"IBM", "1818", "rdac"}, {"IBM", "3526", "rdac"}, {"IBM", "3542", "rdac"},
            {"IBM", "3552", "rdac"}, {"SGI", "TP9300", "rdac"}, {"SGI", "TP9400", "rdac"}, {"SGI", "TP9500", "rdac"},
            {"SGI", "TP9700", "rdac"}, {"SGI", "IS", "rdac"}, {"STK", "OPENstorage", "rdac"},
            {"STK", "FLEXLINE 380", "rdac"}, {"STK", "BladeCtlr", "rdac"}, {"SUN", "CSM", "rdac"},
            {"SUN", "LCSM100", "rdac"}, {"SUN", "STK6580_6780", "rdac"}, {"SUN", "SUN_6180", "rdac"},
            {"SUN", "ArrayStorage", "rdac"}, {"DELL", "MD3", "rdac"}, {"NETAPP", "INF-01-00", "rdac"},
            {"LSI", "INF-01-00", "rdac"}, {"ENGENIO", "INF-01-00", "rdac"}, {"LENOVO", "DE_Series", "rdac"},
            {"FUJITSU", "ETERNUS_AHB", "rdac"}};

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
        if (nvme != null) return nvme.devpath() + "/" + name;   // native multipathing off: below the controller
        return scsiDevicePath() + "/block/" + name;
    }

    /** The NVMe controller's {@code state} as this path shows it: live, connecting (blocked) or dead. */
    String nvmeState() {
        return switch (state) {
            case RUNNING -> "live";
            case BLOCKED -> "connecting";
            default -> "dead";
        };
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
