package io.mpathvx.core.sim;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * udevd's re-broadcast of a uevent (netlink group 2) in libudev's monitor format, as captured from a real udevd: a
 * 40-byte header ("libudev\0", magic 0xfeedcafe big-endian, header size, properties offset and length, then the
 * subsystem and devtype MurmurHash2 values and the tag bloom filter, big-endian), then {@code KEY=VALUE\0}
 * properties: UDEV_DATABASE_VERSION, ACTION, DEVPATH, SUBSYSTEM, the kernel's other keys (DEVNAME as /dev/...),
 * SEQNUM, USEC_INITIALIZED, MAJOR, MINOR, then udev's own properties.
 */
final class UdevMessage {
    private static final int HEADER = 40;
    private static final int MAGIC = 0xfeedcafe;

    private UdevMessage() {
    }

    /**
     * @param udevProps the udev database properties of the device (may be empty); keys the kernel event already has
     *                  are not repeated
     */
    static byte[] encode(UeventText u, long seqnum, long usecInitialized, Map<String, String> udevProps, boolean tagged) {
        ByteArrayOutputStream p = new ByteArrayOutputStream(256);
        add(p, "UDEV_DATABASE_VERSION=1");
        add(p, "ACTION=" + u.action);
        add(p, "DEVPATH=" + u.devpath);
        add(p, "SUBSYSTEM=" + u.subsystem);
        String major = null;
        String minor = null;
        String devtype = null;
        for (String kv : u.keys()) {
            String key = kv.substring(0, kv.indexOf('='));
            String val = kv.substring(kv.indexOf('=') + 1);
            switch (key) {
                case "MAJOR" -> major = val;
                case "MINOR" -> minor = val;
                case "DEVNAME" -> add(p, "DEVNAME=/dev/" + val);
                default -> {
                    if (key.equals("DEVTYPE")) devtype = val;
                    add(p, kv);
                }
            }
        }
        add(p, "SEQNUM=" + seqnum);
        add(p, "USEC_INITIALIZED=" + usecInitialized);
        if (major != null) add(p, "MAJOR=" + major);
        if (minor != null) add(p, "MINOR=" + minor);
        for (Map.Entry<String, String> e : udevProps.entrySet()) {
            if (!u.has(e.getKey()) && !e.getKey().equals("DEVPATH") && !e.getKey().equals("SUBSYSTEM")) {
                add(p, e.getKey() + "=" + e.getValue());
            }
        }
        if (tagged) {
            add(p, "TAGS=:systemd:");
            add(p, "CURRENT_TAGS=:systemd:");
        }
        byte[] props = p.toByteArray();
        ByteBuffer b = ByteBuffer.allocate(HEADER + props.length);
        b.put("libudev\0".getBytes(StandardCharsets.US_ASCII));
        b.order(ByteOrder.BIG_ENDIAN).putInt(MAGIC);
        b.order(ByteOrder.LITTLE_ENDIAN).putInt(HEADER).putInt(HEADER).putInt(props.length);
        b.order(ByteOrder.BIG_ENDIAN);
        b.putInt(murmur2(u.subsystem));
        b.putInt(devtype == null ? 0 : murmur2(devtype));
        long bloom = tagged ? bloom64("systemd") : 0;
        b.putInt((int) (bloom >>> 32)).putInt((int) bloom);
        b.put(props);
        return b.array();
    }

    /** libudev's string hash: MurmurHash2, seed 0. */
    static int murmur2(String s) {
        byte[] d = s.getBytes(StandardCharsets.UTF_8);
        final int m = 0x5bd1e995;
        int h = d.length;
        int i = 0;
        int n = d.length;
        while (n >= 4) {
            int k = (d[i] & 0xff) | (d[i + 1] & 0xff) << 8 | (d[i + 2] & 0xff) << 16 | (d[i + 3] & 0xff) << 24;
            k *= m;
            k ^= k >>> 24;
            k *= m;
            h *= m;
            h ^= k;
            i += 4;
            n -= 4;
        }
        switch (n) {
            case 3:
                h ^= (d[i + 2] & 0xff) << 16;
            case 2: // fall through
                h ^= (d[i + 1] & 0xff) << 8;
            case 1: // fall through
                h ^= d[i] & 0xff;
                h *= m;
                break;
            default:
                break;
        }
        h ^= h >>> 13;
        h *= m;
        h ^= h >>> 15;
        return h;
    }

    private static long bloom64(String tag) {
        int hash = murmur2(tag);
        long bits = 0;
        for (int shift = 0; shift <= 18; shift += 6) bits |= 1L << ((hash >>> shift) & 63);
        return bits;
    }

    private static void add(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        out.write(0);
    }
}
