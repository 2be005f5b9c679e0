package io.mpathvx.core.sim;

/** A SCSI device's state as sysfs {@code device/state} shows it. */
public enum DiskState {
    RUNNING("running"), OFFLINE("offline"), BLOCKED("blocked"), TRANSPORT_OFFLINE("transport-offline");

    private final String sysfs;

    DiskState(String sysfs) {
        this.sysfs = sysfs;
    }

    public String sysfs() {
        return sysfs;
    }

    /** I/O to the device fails (so dm-multipath fails the path when I/O hits it). */
    public boolean failsIo() {
        return this == OFFLINE || this == TRANSPORT_OFFLINE;
    }

    /** The state for a sysfs word, or null. */
    public static DiskState fromSysfs(String word) {
        for (DiskState s : values()) if (s.sysfs.equals(word)) return s;
        return null;
    }
}
