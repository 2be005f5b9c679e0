package io.mpathvx.core.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The VPD pages and kernel wwid attribute a LUN's WWID implies, encoded so that multipath-tools' VPD decoding (see
 * conformance vpd.json) yields the same WWID udev reports as ID_SERIAL.
 */
final class Vpd {
    private Vpd() {
    }

    /** Page 0x83 with the logical unit's designator, plus relative target port and target port group designators. */
    static byte[] page83(String wwid, int relativePort, int portGroup) {
        ByteArrayOutputStream d = new ByteArrayOutputStream();
        char type = wwid.charAt(0);
        String rest = wwid.substring(1);
        switch (type) {
            case '3' -> designator(d, 0x01, 0x03, HexFormat.of().parseHex(rest)); // binary, LU, NAA
            case '2' -> designator(d, 0x01, 0x02, HexFormat.of().parseHex(rest)); // binary, LU, EUI-64
            default -> designator(d, 0x02, 0x01, t10Text(rest));                  // ASCII, LU, T10 vendor id
        }
        designator(d, 0x61, 0x94, new byte[]{0, 0, (byte) (relativePort >> 8), (byte) relativePort}); // SAS, target port, relative port
        designator(d, 0x61, 0x95, new byte[]{0, 0, (byte) (portGroup >> 8), (byte) portGroup});       // target port group
        byte[] body = d.toByteArray();
        byte[] page = new byte[4 + body.length];
        page[1] = (byte) 0x83;
        page[2] = (byte) (body.length >> 8);
        page[3] = (byte) body.length;
        System.arraycopy(body, 0, page, 4, body.length);
        return page;
    }

    static byte[] page80(String serial) {
        byte[] s = serial.getBytes(StandardCharsets.US_ASCII);
        byte[] page = new byte[4 + s.length];
        page[1] = (byte) 0x80;
        page[2] = (byte) (s.length >> 8);
        page[3] = (byte) s.length;
        System.arraycopy(s, 0, page, 4, s.length);
        return page;
    }

    /** The kernel's {@code device/wwid} text for the LUN designator. */
    static String kernelWwid(String wwid) {
        return switch (wwid.charAt(0)) {
            case '3' -> "naa." + wwid.substring(1);
            case '2' -> "eui." + wwid.substring(1);
            default -> "t10." + new String(t10Text(wwid.substring(1)), StandardCharsets.US_ASCII);
        };
    }

    /** multipathd turns runs of spaces in a T10 id into one '_': map each '_' back to a space. */
    private static byte[] t10Text(String rest) {
        return rest.replace('_', ' ').getBytes(StandardCharsets.US_ASCII);
    }

    private static void designator(ByteArrayOutputStream out, int codeSet, int assocType, byte[] value) {
        out.write(codeSet);
        out.write(assocType);
        out.write(0);
        out.write(value.length);
        out.write(value, 0, value.length);
    }
}
