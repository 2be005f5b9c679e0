package io.mpathvx.api.cli;

/**
 * What multipathd prints about one path device (libmultipath struct path, as far as
 * print.c reads it). Null strings print as upstream prints an empty or unset field.
 *
 * @param dev          kernel name, e.g. "sda"; empty when unknown
 * @param devT         "major:minor"
 * @param wwid         the path's WWID
 * @param hcil         SCSI address; null when unknown (prints "#:#:#:#")
 * @param inquiry      vendor, product, revision, serial and VPD text
 * @param states       device-mapper, sysfs, checker and init states
 * @param checker      checker name and where it is in its interval
 * @param priority     the path's priority (-1 when unknown)
 * @param sizeSectors  size in 512-byte sectors
 * @param map          name of the map holding the path; null for an orphan path
 * @param transport    protocol and fibre-channel names; null when not known
 * @param failures     how often the path failed
 * @param maxSectorsKb queue/max_sectors_kb, null when unreadable
 */
public record CliPath(String dev, String devT, String wwid, Hcil hcil, Inquiry inquiry,
                      States states, Checker checker, int priority, long sizeSectors,
                      String map, Transport transport, int failures, Integer maxSectorsKb) {

    public CliPath {
        dev = dev == null ? "" : dev;
        devT = devT == null ? "" : devT;
        wwid = wwid == null ? "" : wwid;
        inquiry = inquiry == null ? new Inquiry("", "", "", "", null) : inquiry;
        states = states == null ? new States(DmState.UNDEF, false, CheckerState.UNDEF, InitState.UNDEF, false) : states;
        checker = checker == null ? new Checker(null, 0, 0) : checker;
        transport = transport == null ? new Transport(null, null, null, null, null, null, null) : transport;
    }

    /** SCSI host:channel:target:lun. */
    public record Hcil(int host, int channel, int target, long lun) {
    }

    /** SCSI inquiry data; vpdData is the text multipathd shows for the VPD page, or null. */
    public record Inquiry(String vendor, String product, String rev, String serial, String vpdData) {
        public Inquiry {
            vendor = vendor == null ? "" : vendor;
            product = product == null ? "" : product;
            rev = rev == null ? "" : rev;
            serial = serial == null ? "" : serial;
        }
    }

    /**
     * @param dm       the path's state in the device-mapper table
     * @param offline  whether sysfs reports the device down
     * @param checker  the last checker result
     * @param init     how far discovery got
     * @param marginal whether the path is marginal
     */
    public record States(DmState dm, boolean offline, CheckerState checker, InitState init, boolean marginal) {
        public States {
            dm = dm == null ? DmState.UNDEF : dm;
            checker = checker == null ? CheckerState.UNDEF : checker;
            init = init == null ? InitState.UNDEF : init;
        }
    }

    /**
     * @param name     checker name, null if none is selected
     * @param tick     seconds until the next check
     * @param interval the current check interval in seconds
     */
    public record Checker(String name, int tick, int interval) {
    }

    /**
     * Transport facts; a null field prints as upstream prints a field that does not apply.
     *
     * @param protocol    e.g. "scsi:fcp", "scsi:iscsi", "nvme:tcp"
     * @param hostAdapter PCI address of the host adapter
     * @param tpgId       ALUA target port group, null when unknown
     */
    public record Transport(String protocol, String hostWwnn, String hostWwpn, String targetWwnn,
                            String targetWwpn, String hostAdapter, Integer tpgId) {
    }

    /** The path's state in the map's device-mapper table. */
    public enum DmState {
        UNDEF("undef"), FAILED("failed"), ACTIVE("active");

        final String text;

        DmState(String text) {
            this.text = text;
        }
    }

    /** Path checker results, with the words print.c snprint_chk_state uses. */
    public enum CheckerState {
        UNDEF("undef"), READY("ready"), FAULTY("faulty"), SHAKY("shaky"), GHOST("ghost"),
        PENDING("i/o pending"), TIMEOUT("i/o timeout"), DELAYED("delayed"),
        DISCONNECTED("disconnected");

        final String text;

        CheckerState(String text) {
            this.text = text;
        }
    }

    /** Discovery states, with the words print.c snprint_initialized uses. */
    public enum InitState {
        NEW("new"), FAILED("failed"), MISSING_UDEV("udev-missing"),
        REQUESTED_UDEV("udev-requested"), OK("ok"), REMOVED("removed"), PARTIAL("partial"),
        UNDEF("undef");

        final String text;

        InitState(String text) {
            this.text = text;
        }
    }
}
