package io.mpathvx.core.kernel;

/** The command blocks mpathvx sends (SPC-4). */
public final class Cdb {
    public static final int TEST_UNIT_READY = 0x00;
    public static final int INQUIRY = 0x12;
    public static final int MAINTENANCE_IN = 0xa3;
    public static final int REPORT_TARGET_PORT_GROUPS = 0x0a;   // MAINTENANCE IN service action

    private Cdb() {
    }

    public static byte[] testUnitReady() {
        return new byte[6];
    }

    /** Standard INQUIRY data. */
    public static byte[] inquiry(int allocationLength) {
        return new byte[]{INQUIRY, 0, 0, (byte) (allocationLength >> 8), (byte) allocationLength, 0};
    }

    /** INQUIRY with EVPD for one vital product data page. */
    public static byte[] vpd(int page, int allocationLength) {
        return new byte[]{INQUIRY, 1, (byte) page, (byte) (allocationLength >> 8), (byte) allocationLength, 0};
    }

    /** REPORT TARGET PORT GROUPS, length-only descriptor format. */
    public static byte[] reportTargetPortGroups(int allocationLength) {
        return new byte[]{(byte) MAINTENANCE_IN, REPORT_TARGET_PORT_GROUPS, 0, 0, 0, 0,
                (byte) (allocationLength >> 24), (byte) (allocationLength >> 16), (byte) (allocationLength >> 8),
                (byte) allocationLength, 0, 0};
    }
}
