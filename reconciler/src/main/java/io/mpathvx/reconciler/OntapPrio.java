package io.mpathvx.reconciler;

import io.mpathvx.core.kernel.ScsiReply;

import java.nio.charset.StandardCharsets;

/**
 * multipath-tools 0.14.3's ontap prioritizer (libmultipath/prioritizers/ontap.c ontap_prio): NetApp's GVA command
 * page 0x41 tells iSCSI hardware (3) and software (2) initiator connections; otherwise VPD page 0xC1 tells a proxy path
 * through the partner controller (1) from a direct one (4). No GVA answer at all is 0.
 */
final class OntapPrio {
    private static final int RESULTS = 256;
    private static final int SENSE = 128;

    private OntapPrio() {
    }

    static int priority(PrioDevice dev) {
        byte[] cdb = {(byte) 0xc0, 0, 0x1, 0x0a, (byte) 0x98, 0x0a, 0x41, (byte) SENSE, 0, 0};   // send_gva
        byte[] gva = answer(dev.command(cdb, RESULTS));
        if (gva == null || gva[4] != 0x0a || gva[5] != (byte) 0x98 || gva[6] != 0x0a || gva[7] != 0x01) return 0;
        long total = ((gva[0] & 0xffL) << 24) | ((gva[1] & 0xff) << 16) | ((gva[2] & 0xff) << 8) | (gva[3] & 0xff);
        if (total > 8 && gva[8] == 0x41) {
            String kind = new String(gva, 12, 6, StandardCharsets.US_ASCII);
            if (kind.startsWith("ism_sw") || kind.startsWith("iswt")) return 2;
            if (kind.startsWith("ism_sn")) return 3;
        }
        return proxy(dev) == 1 ? 1 : 4;   // not a proxy, or proxy information unknown: 4
    }

    /** get_proxy: bit 1 of byte 19 of VPD page 0xC1 in NetApp's format; -1 when not in that format. */
    private static int proxy(PrioDevice dev) {
        byte[] r = answer(dev.command(new byte[]{0x12, 1, (byte) 0xc1, 0, (byte) SENSE, 0}, RESULTS));
        if (r == null || (r[1] & 0xff) != 0xc1 || r[8] != 0x0a || r[9] != (byte) 0x98 || r[10] != 0x0a || r[11] != 0
                || (r[12] & 0xff) != 0xc1 || r[13] != 0) return -1;
        return (r[19] & 0x02) >> 1;
    }

    /** The data of a GOOD answer, zero-filled to the buffer size as upstream's memset buffer reads. */
    private static byte[] answer(ScsiReply r) {
        if (r == null || !r.good()) return null;
        return java.util.Arrays.copyOf(r.data(), RESULTS);
    }
}
