package io.mpathvx.uevent;

/** Where a path's WWID comes from (multipathd's uid_attribute / getuid choice). */
public enum WwidSource {
    /**
     * multipathd's default: the udev property (ID_SERIAL for SCSI, ID_WWN for NVMe, ID_UID for DASD, or the
     * uid_attrs choice) when udev's database has the device; otherwise multipathd's own fallback — VPD page 0x83
     * from sysfs for SCSI, the {@code wwid} attribute for NVMe.
     */
    AUTO,
    /** Only the udev property; no WWID without udevd. */
    UDEV,
    /** Only VPD page 0x83 ({@code device/vpd_pg83}) decoded to multipathd's format. */
    VPD_PG83,
    /** The kernel's own {@code device/wwid} (format {@code naa.…}, differs from multipathd's). */
    SYSFS_WWID,
    /** Nothing could be read. */
    NONE
}
