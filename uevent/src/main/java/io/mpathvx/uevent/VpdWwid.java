package io.mpathvx.uevent;

import io.mpathvx.core.kernel.Errno;

import java.util.Optional;

/**
 * Derives a WWID from SCSI INQUIRY VPD pages exactly as multipathd does (its own format, which for NAA ids is also
 * udev's ID_SERIAL): page 0x83 picks the best logical-unit designator by priority NAA 6 &gt; NAA 5 &gt; NAA 2 &gt;
 * EUI-64 &gt; SCSI name string &gt; T10 vendor id &gt; NAA 3 and formats it NAA → '3'+hex, EUI-64 → '2'+hex, name
 * string → '2'/'3'/'8'+text, T10 → '1'+text with space runs as '_'. Page 0x80 gives the trimmed serial.
 */
public final class VpdWwid {
    /** multipathd's WWID_SIZE: the output buffer, NUL included. */
    static final int WWID_SIZE = 128;
    /** multipathd reads at most this much of a VPD page (VPD_BUFLEN). */
    private static final int VPD_BUFLEN = 4096;

    /** The return code (WWID length, or a negative errno) and the WWID, null on error. */
    record Result(int rc, String wwid) {
        static Result error(Errno errno) {
            return new Result(-errno.number(), null);
        }
    }

    private VpdWwid() {
    }

    /** The WWID from a raw page 0x83 (e.g. sysfs {@code device/vpd_pg83}); empty when the page yields none. */
    public static Optional<String> fromPage83(byte[] page) {
        return ok(decode(page, 0x83, WWID_SIZE));
    }

    /** The unit serial number from a raw page 0x80; empty when none. */
    public static Optional<String> fromPage80(byte[] page) {
        return ok(decode(page, 0x80, WWID_SIZE));
    }

    private static Optional<String> ok(Result r) {
        return r.rc() > 0 && r.wwid() != null && !r.wwid().isEmpty() ? Optional.of(r.wwid()) : Optional.empty();
    }

    /** Like multipathd's get_vpd_sysfs: the page code must match and the declared length bounds the parse. */
    static Result decode(byte[] page, int pageCode, int bufferSize) {
        if (page.length < 4 || (page[1] & 0xff) != pageCode) return Result.error(Errno.ENODATA);
        int len = Math.min(be16(page, 2) + 4, VPD_BUFLEN);
        return pageCode == 0x80 ? page80(new Page(page), bufferSize) : page83(new Page(page), len, bufferSize);
    }

    /** The page as multipathd's zero-filled buffer: bytes past what the device returned read as 0. */
    private record Page(byte[] b) {
        int at(int i) {
            return i >= 0 && i < b.length ? b[i] & 0xff : 0;
        }
    }

    static Result page80(Page in, int outLen) {
        if (outLen == 0) return new Result(0, "");
        int len = Math.min(be16(in.b(), 2), WWID_SIZE);
        int start = 4;
        while (len > 0 && in.at(start + len - 1) == ' ') len--;
        while (len > 0 && in.at(start) == ' ') {
            start++;
            len--;
        }
        if (len >= outLen) len = outLen - 1;
        StringBuilder sb = new StringBuilder(len);
        for (int i = 0; i < len; i++) sb.append((char) in.at(start + i));
        return new Result(len, cutAtNul(sb));
    }

    static Result page83(Page in, int inLen, int outLen) {
        if (outLen <= 1) return new Result(0, "");
        int best = -1;
        int prio = -1;
        Errno err = Errno.ENODATA;
        int d = 4;
        while (d <= inLen - 4) {
            boolean invalid = false;
            int newPrio = -1;
            int assoc = in.at(d + 1) & 0x30;
            int dlen = in.at(d + 3);
            if (assoc == 0x30) {
                invalid = true;
            } else if (assoc == 0) {
                switch (in.at(d + 1) & 0xf) {
                    case 0x3 -> { // NAA: the naa nibble fixes priority and the only valid length
                        int goodLen;
                        switch (in.at(d + 4) >> 4) {
                            case 6 -> { newPrio = 8; goodLen = 16; }
                            case 5 -> { newPrio = 7; goodLen = 8; }
                            case 2 -> { newPrio = 6; goodLen = 8; }
                            case 3 -> { newPrio = 1; goodLen = 8; }
                            default -> goodLen = -1;
                        }
                        invalid = goodLen < 0 || goodLen != dlen;
                    }
                    case 0x2 -> { // EUI-64
                        invalid = dlen != 8 && dlen != 12 && dlen != 16;
                        newPrio = 4;
                    }
                    case 0x8 -> { // SCSI name string
                        invalid = dlen < 4 || !(startsWith(in, d + 4, "eui.") || startsWith(in, d + 4, "naa.")
                                || startsWith(in, d + 4, "iqn."));
                        newPrio = 3;
                    }
                    case 0x1 -> { // T10 vendor id
                        invalid = dlen < 8;
                        newPrio = 2;
                    }
                    case 0x6 -> invalid = dlen != 4; // logical unit group
                    case 0x7 -> invalid = dlen != 16; // MD5 logical unit designator
                    case 0x0, 0xa -> { } // vendor specific, UUID: valid but never chosen
                    default -> invalid = true;
                }
            }
            if (d + dlen + 4 > inLen) {
                err = Errno.EOVERFLOW;
                break;
            } else if (invalid) {
                err = Errno.EINVAL; // keep walking: the length stayed within the page
            } else if (newPrio > prio) {
                best = d;
                prio = newPrio;
            }
            d += dlen + 4;
        }
        if (prio <= 0) return Result.error(err);

        int type = in.at(best + 1) & 0xf;
        int vlen = Math.min(in.at(best + 3), WWID_SIZE);
        int v = best + 4;
        StringBuilder sb = new StringBuilder();
        if (type == 0x2 || type == 0x3) {
            sb.append((char) ('0' + type));
            for (int i = 0; i < vlen; i++) {
                int b = in.at(v + i);
                sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
            }
        } else if (type == 0x8) {
            char t = startsWith(in, v, "eui.") ? '2' : startsWith(in, v, "naa.") ? '3' : '8';
            sb.append(t);
            for (int i = 4; i < vlen; i++) sb.append((char) in.at(v + i));
            cutAtNul(sb); // the text is NUL-padded
            if (t != '8') {
                for (int i = 0; i < sb.length(); i++) sb.setCharAt(i, asciiLower(sb.charAt(i)));
            }
        } else if (type == 0x1) {
            sb.append('1');
            int i = 0;
            while (i < vlen) { // every run of spaces becomes one '_', trailing spaces vanish
                int c = in.at(v + i);
                if (c != ' ') {
                    sb.append((char) c);
                    i++;
                    continue;
                }
                while (i < vlen && in.at(v + i) == ' ') i++;
                if (i < vlen) sb.append('_');
            }
        }
        int len = sb.length();
        if (len >= outLen) {
            // hex designators keep whole bytes after the type digit: an odd length
            len = (type == 0x2 || type == 0x3) ? 2 * (outLen / 2) - 1 : outLen - 1;
        }
        sb.setLength(len);
        return new Result(len, cutAtNul(sb));
    }

    private static String cutAtNul(StringBuilder sb) {
        int nul = sb.indexOf("\0");
        if (nul >= 0) sb.setLength(nul);
        return sb.toString();
    }

    private static char asciiLower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    private static boolean startsWith(Page in, int at, String prefix) {
        for (int i = 0; i < prefix.length(); i++) if (in.at(at + i) != prefix.charAt(i)) return false;
        return true;
    }

    private static int be16(byte[] b, int off) {
        return (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }
}
