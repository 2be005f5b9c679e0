package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.Cdb;
import io.mpathvx.core.kernel.ScsiReply;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The SCSI target behind a simulated disk, for the commands multipathd's checkers and prioritizers send (SPC-4):
 * TEST UNIT READY, standard INQUIRY (TPGS), VPD pages 0x00, 0x80, 0x83 and, on RDAC arrays, 0xC9, and REPORT TARGET
 * PORT GROUPS built from the ALUA states of the LUN's paths. Called under the kernel's lock.
 */
final class SimScsi {
    private static final int ILLEGAL_REQUEST = 0x5;
    private static final int NOT_READY = 0x2;

    private SimScsi() {
    }

    static ScsiReply execute(SimDisk d, byte[] cdb, int allocationLength) throws IOException {
        if (d.removed) throw new IOException("ENXIO: " + d.name + " is gone");
        switch (d.state) {
            case OFFLINE, TRANSPORT_OFFLINE -> throw new IOException("ENXIO: " + d.name + " is " + d.state.sysfs());
            case BLOCKED -> throw new IOException("ETIMEDOUT: " + d.name + " is blocked");
            default -> { }
        }
        if (cdb.length == 0) return ScsiReply.checkCondition(ILLEGAL_REQUEST, 0x20, 0);
        int op = cdb[0] & 0xff;
        byte[] data;
        if (op == Cdb.TEST_UNIT_READY) {
            return testUnitReady(d);
        } else if (op == Cdb.INQUIRY && cdb.length >= 6) {
            if ((cdb[1] & 1) == 0) {
                if (cdb[2] != 0) return ScsiReply.checkCondition(ILLEGAL_REQUEST, 0x24, 0);
                data = standardInquiry(d);
            } else {
                data = vpd(d, cdb[2] & 0xff);
                if (data == null) return ScsiReply.checkCondition(ILLEGAL_REQUEST, 0x24, 0);
            }
        } else if (op == Cdb.MAINTENANCE_IN && cdb.length >= 12 && (cdb[1] & 0x1f) == Cdb.REPORT_TARGET_PORT_GROUPS
                && d.lun.tpgs != 0) {
            data = reportTargetPortGroups(d);
        } else if (op == OntapPages.GVA && OntapPages.ontap(d) && cdb.length >= 8) {
            data = OntapPages.gva(d, cdb[6] & 0xff);
        } else {
            return ScsiReply.checkCondition(ILLEGAL_REQUEST, 0x20, 0);   // invalid command operation code
        }
        byte[] out = new byte[Math.min(data.length, Math.max(0, allocationLength))];
        System.arraycopy(data, 0, out, 0, out.length);
        return ScsiReply.good(out);
    }

    /** An ALUA port group not accessible answers NOT READY with its ASC/ASCQ (SPC-4 5.16.2.4). */
    private static ScsiReply testUnitReady(SimDisk d) {
        if (d.lun.tpgs == 0 || d.alua == null) return ScsiReply.good(null);
        return switch (d.alua) {
            case "standby" -> ScsiReply.checkCondition(NOT_READY, 0x04, 0x0b);
            case "unavailable" -> ScsiReply.checkCondition(NOT_READY, 0x04, 0x0c);
            case "transitioning" -> ScsiReply.checkCondition(NOT_READY, 0x04, 0x0a);
            case "offline" -> ScsiReply.checkCondition(NOT_READY, 0x04, 0x12);
            default -> ScsiReply.good(null);
        };
    }

    private static byte[] standardInquiry(SimDisk d) {
        byte[] b = new byte[36];
        b[2] = 6;                         // SPC-4
        b[3] = 2;                         // response data format
        b[4] = 31;                        // additional length
        b[5] = (byte) (d.lun.tpgs << 4);  // TPGS
        put(b, 8, d.lun.vendor, 8);
        put(b, 16, d.lun.product, 16);
        put(b, 32, d.lun.revision, 4);
        return b;
    }

    private static byte[] vpd(SimDisk d, int page) {
        return switch (page) {
            case 0x00 -> page(0x00, d.lun.rdac ? new byte[]{0x00, (byte) 0x80, (byte) 0x83, (byte) 0xc9}
                    : new byte[]{0x00, (byte) 0x80, (byte) 0x83});
            case 0x80 -> Vpd.page80(d.lun.serial);
            case 0x83 -> SysfsTree.page83(d);
            case 0xc9 -> d.lun.rdac ? rdacPage(d) : null;
            case OntapPages.PROXY_PAGE -> OntapPages.ontap(d) ? OntapPages.proxy(d) : null;
            default -> null;
        };
    }

    /**
     * RDAC's volume access control page 0xC9 (44 bytes after the header, as the rdac checker and prioritizer read it):
     * "vac1"; byte 8: bit 0 this controller owns the volume (here: the path's ALUA state is active/optimized), bit 4
     * TPG data valid; byte 9: preferred path priority (1 preferred, 2 secondary); byte 10: this port group's access
     * state; byte 12: the alternate's (non-optimized).
     */
    private static byte[] rdacPage(SimDisk d) {
        byte[] body = new byte[0x2c];
        put(body, 0, "vac1", 4);
        body[4] = (byte) (("active/optimized".equals(d.accessState()) ? 1 : 0) | 0x10);
        body[5] = (byte) (d.preferred ? 1 : 2);
        body[6] = (byte) aas(d.accessState());
        body[8] = (byte) aas("active/non-optimized");
        return page(0xc9, body);
    }

    /** One descriptor per target port group of the LUN, in the order its paths first name them. */
    private static byte[] reportTargetPortGroups(SimDisk d) {
        Map<Integer, SimDisk> groups = new LinkedHashMap<>();
        for (SimDisk p : d.lun.paths) if (!p.removed) groups.putIfAbsent(p.tpg, p);
        groups.putIfAbsent(d.tpg, d);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<Integer, SimDisk> g : groups.entrySet()) {
            SimDisk p = g.getValue();
            body.write((p.preferred ? 0x80 : 0) | aas(p.accessState()));
            body.write(0x8f);   // supports transitioning, unavailable, standby, non-optimized, optimized
            body.write(g.getKey() >> 8);
            body.write(g.getKey());
            body.write(0);
            body.write(0);      // status code
            body.write(0);
            body.write(1);      // one target port
            int port = p.address.host() + 1;
            body.write(0);
            body.write(0);
            body.write(port >> 8);
            body.write(port);
        }
        byte[] b = body.toByteArray();
        byte[] out = new byte[4 + b.length];
        out[0] = (byte) (b.length >> 24);
        out[1] = (byte) (b.length >> 16);
        out[2] = (byte) (b.length >> 8);
        out[3] = (byte) b.length;
        System.arraycopy(b, 0, out, 4, b.length);
        return out;
    }

    /** SPC-4 asymmetric access state codes. */
    static int aas(String state) {
        return switch (state) {
            case "active/optimized" -> 0x0;
            case "active/non-optimized" -> 0x1;
            case "standby" -> 0x2;
            case "unavailable" -> 0x3;
            case "lba-dependent" -> 0x4;
            case "offline" -> 0xe;
            default -> 0xf;   // transitioning
        };
    }

    static byte[] page(int code, byte[] body) {
        byte[] p = new byte[4 + body.length];
        p[1] = (byte) code;
        p[2] = (byte) (body.length >> 8);
        p[3] = (byte) body.length;
        System.arraycopy(body, 0, p, 4, body.length);
        return p;
    }

    static void put(byte[] b, int at, String s, int width) {
        byte[] t = String.format("%-" + width + "s", s).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, at, width);
    }
}
