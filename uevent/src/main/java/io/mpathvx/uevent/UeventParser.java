package io.mpathvx.uevent;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses uevent datagrams in both wire formats into {@link Uevent}s. Stateless and thread-safe.
 *
 * <ul>
 *   <li>kernel: {@code ACTION@DEVPATH\0} then {@code KEY=VALUE\0} pairs;</li>
 *   <li>udev: a 40-byte header ({@code "libudev\0"}, magic 0xfeedcafe big-endian, then native-endian
 *       header_size, properties_off, properties_len and filter hashes) and {@code KEY=VALUE\0} pairs at
 *       properties_off.</li>
 * </ul>
 * The format is recognised from the bytes; the source (which group it came on) is the caller's.
 */
public final class UeventParser {
    static final int UDEV_HEADER_SIZE = 40;
    private static final byte[] UDEV_PREFIX = "libudev\0".getBytes(StandardCharsets.US_ASCII);
    private static final int UDEV_MAGIC = 0xfeedcafe;

    private UeventParser() {
    }

    public static Uevent parse(byte[] data, Uevent.Source source) throws MalformedUeventException {
        if (data.length == 0) throw new MalformedUeventException(DropReason.EMPTY, "empty datagram");
        return isUdevFormat(data) ? parseUdev(data, source) : parseKernel(data, source);
    }

    static boolean isUdevFormat(byte[] data) {
        if (data.length < UDEV_PREFIX.length) return false;
        for (int i = 0; i < UDEV_PREFIX.length; i++) if (data[i] != UDEV_PREFIX[i]) return false;
        return true;
    }

    private static Uevent parseKernel(byte[] data, Uevent.Source source) throws MalformedUeventException {
        int nul = indexOf(data, (byte) 0, 0, data.length);
        int headerEnd = nul < 0 ? data.length : nul;
        int at = indexOf(data, (byte) '@', 0, headerEnd);
        if (nul < 0 || at <= 0 || at == headerEnd - 1) {
            throw new MalformedUeventException(DropReason.BAD_KERNEL_HEADER, "no ACTION@DEVPATH header");
        }
        String headerAction = string(data, 0, at);
        String headerDevpath = string(data, at + 1, headerEnd);
        Map<String, String> props = properties(data, headerEnd + 1, data.length);
        Uevent ev = build(props, source);
        if (!ev.action().equals(headerAction) || !ev.devpath().equals(headerDevpath)) {
            throw new MalformedUeventException(DropReason.HEADER_MISMATCH,
                    "header " + headerAction + "@" + headerDevpath + " disagrees with properties");
        }
        return ev;
    }

    private static Uevent parseUdev(byte[] data, Uevent.Source source) throws MalformedUeventException {
        if (data.length < UDEV_HEADER_SIZE) {
            throw new MalformedUeventException(DropReason.BAD_UDEV_HEADER, "udev datagram shorter than its header");
        }
        if (beInt(data, 8) != UDEV_MAGIC) {
            throw new MalformedUeventException(DropReason.BAD_UDEV_HEADER, "bad udev magic");
        }
        long headerSize = leUint(data, 12);
        long propOff = leUint(data, 16);
        long propLen = leUint(data, 20);
        if (headerSize < UDEV_HEADER_SIZE || headerSize > data.length || propOff < UDEV_HEADER_SIZE
                || propLen == 0 || propOff + propLen > data.length) {
            throw new MalformedUeventException(DropReason.BAD_UDEV_HEADER,
                    "udev header sizes out of range: header " + headerSize + ", properties " + propOff + "+" + propLen
                            + ", datagram " + data.length);
        }
        return build(properties(data, (int) propOff, (int) (propOff + propLen)), source);
    }

    private static Uevent build(Map<String, String> props, Uevent.Source source) throws MalformedUeventException {
        String action = props.get("ACTION");
        String devpath = props.get("DEVPATH");
        if (action == null || action.isEmpty() || devpath == null || devpath.isEmpty()) {
            throw new MalformedUeventException(DropReason.MISSING_FIELD, "ACTION or DEVPATH missing");
        }
        String seq = props.get("SEQNUM");
        long seqnum = Uevent.seqnumOf(seq);
        if (seq != null && seqnum < 0) throw new MalformedUeventException(DropReason.BAD_SEQNUM, "bad SEQNUM " + seq);
        return new Uevent(action, devpath, props.get("SUBSYSTEM"), seqnum, props, source);
    }

    /** {@code KEY=VALUE} strings separated by NULs; entries without '=' (or with an empty key) define nothing. */
    private static Map<String, String> properties(byte[] data, int from, int to) {
        Map<String, String> props = new LinkedHashMap<>();
        int pos = from;
        while (pos < to) {
            int end = indexOf(data, (byte) 0, pos, to);
            if (end < 0) end = to;
            int eq = indexOf(data, (byte) '=', pos, end);
            if (eq > pos) props.putIfAbsent(string(data, pos, eq), string(data, eq + 1, end));
            pos = end + 1;
        }
        return props;
    }

    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) if (data[i] == b) return i;
        return -1;
    }

    private static String string(byte[] data, int from, int to) {
        return new String(data, from, to - from, StandardCharsets.UTF_8);
    }

    private static int beInt(byte[] d, int off) {
        return (d[off] & 0xff) << 24 | (d[off + 1] & 0xff) << 16 | (d[off + 2] & 0xff) << 8 | (d[off + 3] & 0xff);
    }

    /** udev writes these fields in host order; mpathvx runs on little-endian x86_64/aarch64 only. */
    private static long leUint(byte[] d, int off) {
        return ((d[off] & 0xff) | (d[off + 1] & 0xff) << 8 | (d[off + 2] & 0xff) << 16 | (long) (d[off + 3] & 0xff) << 24);
    }
}
