package io.mpathvx.dm;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes replies the way drivers/md/dm-ioctl.c does (independently of {@link DmIoctl}'s decoder), so decoding is
 * tested against the kernel's layout rules rather than against itself. Offsets are absolute in the buffer, whose
 * start is 8-aligned like the kernel's copy.
 */
final class KernelBytes {
    private KernelBytes() {
    }

    static int align8(int n) {
        return (n + 7) & ~7;
    }

    static void cstring(ByteBuffer b, int at, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        b.put(at, bytes);
        b.put(at + bytes.length, (byte) 0);
    }

    static String cstringAt(ByteBuffer b, int at) {
        int e = at;
        while (b.get(e) != 0) e++;
        byte[] bytes = new byte[e - at];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** One device for {@link #nameList}: uuid null = device has none; withUuid = the caller asked (DM_UUID_FLAG). */
    record Entry(long dev, String name, long eventNr, String uuid) {
    }

    /** list_devices(): returns the end offset (data_size). */
    static int nameList(ByteBuffer b, int start, boolean withUuid, Entry... entries) {
        int pos = start;
        if (entries.length == 0) {
            b.putLong(pos, 0);
            b.putInt(pos + 8, 0);
            return pos + 16;
        }
        int prev = -1;
        for (Entry e : entries) {
            if (prev >= 0) b.putInt(prev + 8, pos - prev);
            b.putLong(pos, e.dev());
            b.putInt(pos + 8, 0);
            cstring(b, pos + 12, e.name());
            int ev = align8(pos + 12 + e.name().getBytes(StandardCharsets.UTF_8).length + 1);
            b.putInt(ev, (int) e.eventNr());
            int flags = 0;
            int next = align8(ev + 8);
            if (withUuid) {
                if (e.uuid() != null) {
                    flags |= 1;
                    cstring(b, ev + 8, e.uuid());
                    next = align8(ev + 8 + e.uuid().getBytes(StandardCharsets.UTF_8).length + 1);
                } else {
                    flags |= 2;
                }
            }
            b.putInt(ev + 4, flags);
            prev = pos;
            pos = next;
        }
        return pos;
    }

    /** retrieve_status(): specs with next relative to the payload start; returns the end offset. */
    static int statusSpecs(ByteBuffer b, int base, Object[]... specs) {
        int pos = base;
        for (Object[] s : specs) {
            b.putLong(pos, (Long) s[0]);
            b.putLong(pos + 8, (Long) s[1]);
            b.putInt(pos + 16, 0);
            cstring(b, pos + 24, (String) s[2]);
            cstring(b, pos + 40, (String) s[3]);
            int next = align8(pos + 40 + ((String) s[3]).getBytes(StandardCharsets.UTF_8).length + 1);
            b.putInt(pos + 20, next - base);
            pos = next;
        }
        return pos;
    }

    /** Fills the reply header fields the kernel sets. */
    static void replyHeader(ByteBuffer b, int dataSize, int targetCount, int flags, long dev, long eventNr, int openCount) {
        b.putInt(0, 4);
        b.putInt(4, 47);
        b.putInt(8, 0);
        b.putInt(12, dataSize);
        b.putInt(20, targetCount);
        b.putInt(24, openCount);
        b.putInt(28, flags);
        b.putInt(32, (int) eventNr);
        b.putLong(40, dev);
    }
}
