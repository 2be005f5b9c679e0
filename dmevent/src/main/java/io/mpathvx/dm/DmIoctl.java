package io.mpathvx.dm;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.DmVersion;
import io.mpathvx.core.model.DevT;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The dm ioctl ABI (linux/dm-ioctl.h, x86_64): every struct offset, command number and flag, and the encoding and
 * decoding of the buffers. Pure Java over a ByteBuffer so each byte can be unit-tested without a kernel. Malformed
 * kernel replies raise {@link MalformedReplyException}.
 */
final class DmIoctl {
    private DmIoctl() {
    }

    // struct dm_ioctl
    static final int HEADER_SIZE = 312;
    static final int OFF_VERSION = 0;
    static final int OFF_DATA_SIZE = 12;
    static final int OFF_DATA_START = 16;
    static final int OFF_TARGET_COUNT = 20;
    static final int OFF_OPEN_COUNT = 24;
    static final int OFF_FLAGS = 28;
    static final int OFF_EVENT_NR = 32;
    static final int OFF_DEV = 40;
    static final int OFF_NAME = 48;
    static final int NAME_LEN = 128;
    static final int OFF_UUID = 176;
    static final int UUID_LEN = 129;

    /** The interface version we speak: the kernel rejects a minor newer than its own, 0 is accepted by all 4.x. */
    static final int VERSION_MAJOR = 4;
    static final int VERSION_MINOR = 0;
    /** DM_DEV_ARM_POLL appeared in 4.37. */
    static final int ARM_POLL_MINOR = 37;

    // struct dm_target_spec
    static final int SPEC_SIZE = 40;
    static final int SPEC_OFF_START = 0;
    static final int SPEC_OFF_LENGTH = 8;
    static final int SPEC_OFF_STATUS = 16;
    static final int SPEC_OFF_NEXT = 20;
    static final int SPEC_OFF_TYPE = 24;
    static final int TYPE_LEN = 16;

    // struct dm_name_list
    static final int NL_OFF_DEV = 0;
    static final int NL_OFF_NEXT = 8;
    static final int NL_OFF_NAME = 12;
    static final int NAME_LIST_HAS_UUID = 1;

    // struct dm_target_versions
    static final int TV_OFF_NEXT = 0;
    static final int TV_OFF_VERSION = 4;
    static final int TV_OFF_NAME = 16;

    // struct dm_target_deps: u32 count, u32 padding, u64 dev[]
    static final int DEPS_OFF_DEVS = 8;

    // struct dm_target_msg: u64 sector, char message[]
    static final int MSG_OFF_TEXT = 8;

    // _IOWR(0xfd, n, struct dm_ioctl): dir 3 << 30 | size 312 << 16 | 0xfd << 8 | n
    static final long DM_VERSION = cmd(0);
    static final long DM_LIST_DEVICES = cmd(2);
    static final long DM_DEV_CREATE = cmd(3);
    static final long DM_DEV_REMOVE = cmd(4);
    static final long DM_DEV_RENAME = cmd(5);
    static final long DM_DEV_SUSPEND = cmd(6);
    static final long DM_DEV_STATUS = cmd(7);
    static final long DM_TABLE_LOAD = cmd(9);
    static final long DM_TABLE_CLEAR = cmd(10);
    static final long DM_TABLE_DEPS = cmd(11);
    static final long DM_TABLE_STATUS = cmd(12);
    static final long DM_LIST_VERSIONS = cmd(13);
    static final long DM_TARGET_MSG = cmd(14);
    static final long DM_DEV_ARM_POLL = cmd(16);

    static final int READONLY_FLAG = 0x1;
    static final int SUSPEND_FLAG = 0x2;
    static final int PERSISTENT_DEV_FLAG = 0x8;
    static final int STATUS_TABLE_FLAG = 0x10;
    static final int ACTIVE_PRESENT_FLAG = 0x20;
    static final int INACTIVE_PRESENT_FLAG = 0x40;
    static final int BUFFER_FULL_FLAG = 0x100;
    static final int SKIP_BDGET_FLAG = 0x200;
    static final int SKIP_LOCKFS_FLAG = 0x400;
    static final int NOFLUSH_FLAG = 0x800;
    static final int QUERY_INACTIVE_TABLE_FLAG = 0x1000;
    static final int UEVENT_GENERATED_FLAG = 0x2000;
    static final int UUID_FLAG = 0x4000;
    static final int SECURE_DATA_FLAG = 0x8000;
    static final int DATA_OUT_FLAG = 0x10000;
    static final int DEFERRED_REMOVE_FLAG = 0x20000;
    static final int INTERNAL_SUSPEND_FLAG = 0x40000;

    static long cmd(int nr) {
        return (3L << 30) | ((long) HEADER_SIZE << 16) | (0xfdL << 8) | nr;
    }

    /** The kernel's name for a command number, for error messages. */
    static String callName(long request) {
        return switch ((int) (request & 0xff)) {
            case 0 -> "DM_VERSION";
            case 2 -> "DM_LIST_DEVICES";
            case 3 -> "DM_DEV_CREATE";
            case 4 -> "DM_DEV_REMOVE";
            case 5 -> "DM_DEV_RENAME";
            case 6 -> "DM_DEV_SUSPEND";
            case 7 -> "DM_DEV_STATUS";
            case 9 -> "DM_TABLE_LOAD";
            case 10 -> "DM_TABLE_CLEAR";
            case 11 -> "DM_TABLE_DEPS";
            case 12 -> "DM_TABLE_STATUS";
            case 13 -> "DM_LIST_VERSIONS";
            case 14 -> "DM_TARGET_MSG";
            case 16 -> "DM_DEV_ARM_POLL";
            default -> "DM_IOCTL_" + (request & 0xff);
        };
    }

    /** The decoded struct dm_ioctl. */
    record Header(DmVersion version, int dataSize, int dataStart, int targetCount, int openCount, int flags,
                  long eventNr, long dev, String name, String uuid) {
        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    /** A zeroed direct buffer in the kernel's byte order. */
    static ByteBuffer allocate(int size) {
        if (size < HEADER_SIZE) throw new IllegalArgumentException("buffer smaller than struct dm_ioctl: " + size);
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }

    /**
     * Writes struct dm_ioctl at offset 0: our version, data_size = the buffer's capacity, data_start = 312.
     *
     * @throws IllegalArgumentException when the name or uuid does not fit
     */
    static void writeHeader(ByteBuffer b, String name, String uuid, int flags, int targetCount) {
        for (int i = 0; i < HEADER_SIZE; i++) b.put(i, (byte) 0);
        b.putInt(OFF_VERSION, VERSION_MAJOR);
        b.putInt(OFF_VERSION + 4, VERSION_MINOR);
        b.putInt(OFF_VERSION + 8, 0);
        b.putInt(OFF_DATA_SIZE, b.capacity());
        b.putInt(OFF_DATA_START, HEADER_SIZE);
        b.putInt(OFF_TARGET_COUNT, targetCount);
        b.putInt(OFF_FLAGS, flags);
        if (name != null) putCString(b, OFF_NAME, NAME_LEN, name, "name");
        if (uuid != null) putCString(b, OFF_UUID, UUID_LEN, uuid, "uuid");
    }

    static Header readHeader(ByteBuffer b) {
        DmVersion v = new DmVersion(b.getInt(OFF_VERSION), b.getInt(OFF_VERSION + 4), b.getInt(OFF_VERSION + 8));
        String name = getCString(b, OFF_NAME, OFF_NAME + NAME_LEN);
        String uuid = getCString(b, OFF_UUID, OFF_UUID + UUID_LEN);
        return new Header(v, b.getInt(OFF_DATA_SIZE), b.getInt(OFF_DATA_START), b.getInt(OFF_TARGET_COUNT),
                b.getInt(OFF_OPEN_COUNT), b.getInt(OFF_FLAGS), Integer.toUnsignedLong(b.getInt(OFF_EVENT_NR)),
                b.getLong(OFF_DEV), name, uuid.isEmpty() ? null : uuid);
    }

    static DmInfo info(Header h) {
        return new DmInfo(h.name(), h.uuid(), DevT.decode(h.dev()), h.openCount(), h.eventNr(), h.targetCount(),
                h.has(SUSPEND_FLAG), h.has(READONLY_FLAG), h.has(ACTIVE_PRESENT_FLAG), h.has(INACTIVE_PRESENT_FLAG),
                h.has(DEFERRED_REMOVE_FLAG));
    }

    /** Bytes TABLE_LOAD needs after the header for these targets. */
    static int targetsSize(List<DmTarget> targets) {
        int size = 0;
        for (DmTarget t : targets) size += specSize(t);
        return size;
    }

    private static int specSize(DmTarget t) {
        return align8(SPEC_SIZE + utf8(t.params()).length + 1);
    }

    /**
     * Writes the TABLE_LOAD input chain at {@code at}: each spec's {@code next} is the offset from THIS spec to the
     * next one (8-aligned); the last one's is the offset to where a next one would start, as libdevmapper does.
     */
    static void writeTargets(ByteBuffer b, int at, List<DmTarget> targets) {
        int pos = at;
        for (DmTarget t : targets) {
            byte[] type = utf8(t.type());
            if (type.length == 0 || type.length >= TYPE_LEN) {
                throw new IllegalArgumentException("target type must be 1.." + (TYPE_LEN - 1) + " bytes: '" + t.type() + "'");
            }
            if (t.start() < 0 || t.length() < 0) throw new IllegalArgumentException("negative start or length: " + t);
            byte[] params = utf8(t.params());
            for (byte p : params) if (p == 0) throw new IllegalArgumentException("NUL in target parameters");
            int size = align8(SPEC_SIZE + params.length + 1);
            for (int i = 0; i < size; i++) b.put(pos + i, (byte) 0);
            b.putLong(pos + SPEC_OFF_START, t.start());
            b.putLong(pos + SPEC_OFF_LENGTH, t.length());
            b.putInt(pos + SPEC_OFF_STATUS, 0);
            b.putInt(pos + SPEC_OFF_NEXT, size);
            b.put(pos + SPEC_OFF_TYPE, type);
            b.put(pos + SPEC_SIZE, params);
            pos += size;
        }
    }

    /**
     * Reads the TABLE_STATUS output chain: {@code target_count} specs, the first at data_start; each {@code next} is
     * the offset of the next spec from data_start (not from this spec, unlike the input).
     */
    static List<DmTarget> readTargets(ByteBuffer b, Header h) {
        int base = h.dataStart();
        int end = Math.min(h.dataSize(), b.capacity());
        int count = h.targetCount();
        if (count < 0) throw new MalformedReplyException("negative target count " + count);
        List<DmTarget> out = new ArrayList<>(Math.min(count, 64));
        int pos = base;
        for (int i = 0; i < count; i++) {
            if (pos < base || pos + SPEC_SIZE > end) throw new MalformedReplyException("target spec " + i + " outside the reply");
            String type = getCString(b, pos + SPEC_OFF_TYPE, pos + SPEC_OFF_TYPE + TYPE_LEN);
            String params = getCString(b, pos + SPEC_SIZE, end);
            out.add(new DmTarget(b.getLong(pos + SPEC_OFF_START), b.getLong(pos + SPEC_OFF_LENGTH), type, params));
            long next = Integer.toUnsignedLong(b.getInt(pos + SPEC_OFF_NEXT));
            if (i + 1 < count && base + next <= pos) throw new MalformedReplyException("target spec chain goes backwards");
            pos = (int) Math.min(Integer.MAX_VALUE, base + next);
        }
        return out;
    }

    /**
     * Reads LIST_DEVICES output: a chain of dm_name_list (next = offset from this entry, 0 ends it); since 4.37 the
     * name's NUL is followed, 8-aligned, by u32 event_nr, u32 flags and, with flag HAS_UUID, the uuid. An empty list
     * is a single entry with dev 0.
     */
    static List<DmDevice> readNameList(ByteBuffer b, Header h) {
        int start = h.dataStart();
        int end = Math.min(h.dataSize(), b.capacity());
        if (start + NL_OFF_NAME > end) return List.of();
        if (b.getLong(start + NL_OFF_DEV) == 0 && b.getInt(start + NL_OFF_NEXT) == 0) return List.of();
        List<DmDevice> out = new ArrayList<>();
        int pos = start;
        while (true) {
            if (pos + NL_OFF_NAME > end) throw new MalformedReplyException("name list entry outside the reply");
            long dev = b.getLong(pos + NL_OFF_DEV);
            long next = Integer.toUnsignedLong(b.getInt(pos + NL_OFF_NEXT));
            int nameEnd = indexOfNul(b, pos + NL_OFF_NAME, end);
            if (nameEnd < 0) throw new MalformedReplyException("unterminated name in name list");
            String name = string(b, pos + NL_OFF_NAME, nameEnd);
            int extra = align8(nameEnd + 1);
            // Where the entry ends: next, or for the last entry the end of the reply.
            long limit = next == 0 ? end : pos + next;
            long eventNr = 0;
            String uuid = null;
            if (extra + 8 <= limit && extra + 8 <= end) {
                eventNr = Integer.toUnsignedLong(b.getInt(extra));
                int flags = b.getInt(extra + 4);
                if ((flags & NAME_LIST_HAS_UUID) != 0) {
                    int uuidEnd = indexOfNul(b, extra + 8, (int) Math.min(limit, end));
                    if (uuidEnd < 0) throw new MalformedReplyException("unterminated uuid in name list");
                    uuid = string(b, extra + 8, uuidEnd);
                }
            }
            out.add(new DmDevice(name, uuid, DevT.decode(dev), eventNr));
            if (next == 0) break;
            if (next < NL_OFF_NAME + 1 || pos + next >= end) throw new MalformedReplyException("bad name list next " + next);
            pos += (int) next;
        }
        return out;
    }

    /** Reads TABLE_DEPS output: u32 count, u32 padding, then count u64 encoded dev_t. */
    static List<DevT> readDeps(ByteBuffer b, Header h) {
        int start = h.dataStart();
        int end = Math.min(h.dataSize(), b.capacity());
        if (start + DEPS_OFF_DEVS > end) throw new MalformedReplyException("deps reply too short");
        long count = Integer.toUnsignedLong(b.getInt(start));
        if (start + DEPS_OFF_DEVS + count * 8 > end) throw new MalformedReplyException("deps count " + count + " beyond the reply");
        List<DevT> out = new ArrayList<>((int) count);
        for (int i = 0; i < count; i++) out.add(DevT.decode(b.getLong(start + DEPS_OFF_DEVS + 8 * i)));
        return out;
    }

    /** Reads LIST_VERSIONS output: chain of dm_target_versions (next = offset from this entry, 0 ends it). */
    static Map<String, DmVersion> readVersions(ByteBuffer b, Header h) {
        int pos = h.dataStart();
        int end = Math.min(h.dataSize(), b.capacity());
        Map<String, DmVersion> out = new LinkedHashMap<>();
        if (pos + TV_OFF_NAME > end) return out;
        while (true) {
            if (pos + TV_OFF_NAME > end) throw new MalformedReplyException("version entry outside the reply");
            long next = Integer.toUnsignedLong(b.getInt(pos + TV_OFF_NEXT));
            DmVersion v = new DmVersion(b.getInt(pos + TV_OFF_VERSION), b.getInt(pos + TV_OFF_VERSION + 4),
                    b.getInt(pos + TV_OFF_VERSION + 8));
            String name = getCString(b, pos + TV_OFF_NAME, end);
            if (!name.isEmpty()) out.put(name, v);
            if (next == 0) break;
            if (next < TV_OFF_NAME + 1 || pos + next >= end) throw new MalformedReplyException("bad versions next " + next);
            pos += (int) next;
        }
        return Collections.unmodifiableMap(out);
    }

    /** Bytes after the header for a TARGET_MSG. */
    static int messageSize(String message) {
        return align8(MSG_OFF_TEXT + utf8(message).length + 1);
    }

    static void writeMessage(ByteBuffer b, int at, long sector, String message) {
        byte[] m = utf8(message);
        for (byte x : m) if (x == 0) throw new IllegalArgumentException("NUL in target message");
        b.putLong(at, sector);
        b.put(at + MSG_OFF_TEXT, m);
        b.put(at + MSG_OFF_TEXT + m.length, (byte) 0);
    }

    /** Bytes after the header for a NUL-terminated string payload (RENAME's new name). */
    static int stringSize(String s) {
        return align8(utf8(s).length + 1);
    }

    static void writeString(ByteBuffer b, int at, String s) {
        byte[] m = utf8(s);
        for (byte x : m) if (x == 0) throw new IllegalArgumentException("NUL in string");
        b.put(at, m);
        b.put(at + m.length, (byte) 0);
    }

    /** A NUL-terminated string reply at data_start (TARGET_MSG with DATA_OUT). */
    static String readStringReply(ByteBuffer b, Header h) {
        int end = Math.min(h.dataSize(), b.capacity());
        if (h.dataStart() >= end) return "";
        return getCString(b, h.dataStart(), end);
    }

    static int align8(int n) {
        return (n + 7) & ~7;
    }

    private static void putCString(ByteBuffer b, int off, int max, String s, String what) {
        byte[] bytes = utf8(s);
        if (bytes.length >= max) throw new IllegalArgumentException(what + " longer than " + (max - 1) + " bytes: " + s);
        for (byte x : bytes) if (x == 0) throw new IllegalArgumentException("NUL in " + what);
        b.put(off, bytes);
        b.put(off + bytes.length, (byte) 0);
    }

    /** The string at {@code from} up to the first NUL, or up to {@code limit} when there is none. */
    static String getCString(ByteBuffer b, int from, int limit) {
        int nul = indexOfNul(b, from, limit);
        return string(b, from, nul < 0 ? Math.min(limit, b.capacity()) : nul);
    }

    private static int indexOfNul(ByteBuffer b, int from, int limit) {
        int end = Math.min(limit, b.capacity());
        for (int i = from; i < end; i++) if (b.get(i) == 0) return i;
        return -1;
    }

    private static String string(ByteBuffer b, int from, int to) {
        if (to <= from) return "";
        byte[] bytes = new byte[to - from];
        b.get(from, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The kernel's reply does not follow the ABI (never expected from a real kernel; a guard, not a path). */
    static final class MalformedReplyException extends RuntimeException {
        MalformedReplyException(String message) {
            super(message);
        }
    }
}
