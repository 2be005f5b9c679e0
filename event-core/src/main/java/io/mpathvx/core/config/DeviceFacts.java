package io.mpathvx.core.config;

/**
 * What multipathd's property selection learns from the device itself (discovery.c, propsel.c), read once per path.
 *
 * @param bus                 the path's bus
 * @param tpgs                ALUA support (see {@link Tpgs})
 * @param vpdC9Listed         VPD page 0x00 lists page 0xC9
 * @param rdacVpd             VPD page 0xC9 answers with "vac1" at byte 4 (an RDAC array)
 * @param accessStateReadable sysfs {@code device/access_state} can be read (a device handler is attached)
 * @param dhState             sysfs {@code device/dh_state}, null when unknown
 * @param nvmeAna             an NVMe controller that reports ANA support
 * @param sysfsTimeout        the SCSI command timeout in seconds from sysfs {@code device/timeout}, 0 if unknown
 */
public record DeviceFacts(Bus bus, Tpgs tpgs, boolean vpdC9Listed, boolean rdacVpd, boolean accessStateReadable,
                          String dhState, boolean nvmeAna, int sysfsTimeout) {
    public enum Bus { SCSI, NVME, OTHER }

    public DeviceFacts {
        java.util.Objects.requireNonNull(bus, "bus");
        tpgs = tpgs == null ? Tpgs.UNDEF : tpgs;
    }

    public DeviceFacts(Bus bus, Tpgs tpgs, boolean vpdC9Listed, boolean rdacVpd, boolean accessStateReadable,
                       String dhState, boolean nvmeAna) {
        this(bus, tpgs, vpdC9Listed, rdacVpd, accessStateReadable, dhState, nvmeAna, 0);
    }

    /** Nothing learnt from the device (it was not asked): a SCSI path whose ALUA support is unknown. */
    public static DeviceFacts unknownScsi() {
        return new DeviceFacts(Bus.SCSI, Tpgs.UNDEF, false, false, false, null, false);
    }
}
