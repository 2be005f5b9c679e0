package io.mpathvx.dm;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.DmVersion;
import io.mpathvx.core.model.DevT;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DmIoctlTest {
    @Test
    void commandNumbersAreIowrOf312ByteHeader() {
        assertEquals(0xc138fd00L, DmIoctl.DM_VERSION);
        assertEquals(0xc138fd02L, DmIoctl.DM_LIST_DEVICES);
        assertEquals(0xc138fd03L, DmIoctl.DM_DEV_CREATE);
        assertEquals(0xc138fd04L, DmIoctl.DM_DEV_REMOVE);
        assertEquals(0xc138fd05L, DmIoctl.DM_DEV_RENAME);
        assertEquals(0xc138fd06L, DmIoctl.DM_DEV_SUSPEND);
        assertEquals(0xc138fd07L, DmIoctl.DM_DEV_STATUS);
        assertEquals(0xc138fd09L, DmIoctl.DM_TABLE_LOAD);
        assertEquals(0xc138fd0aL, DmIoctl.DM_TABLE_CLEAR);
        assertEquals(0xc138fd0bL, DmIoctl.DM_TABLE_DEPS);
        assertEquals(0xc138fd0cL, DmIoctl.DM_TABLE_STATUS);
        assertEquals(0xc138fd0dL, DmIoctl.DM_LIST_VERSIONS);
        assertEquals(0xc138fd0eL, DmIoctl.DM_TARGET_MSG);
        assertEquals(0xc138fd10L, DmIoctl.DM_DEV_ARM_POLL);
        assertEquals("DM_DEV_ARM_POLL", DmIoctl.callName(DmIoctl.DM_DEV_ARM_POLL));
    }

    @Test
    void flagValuesMatchTheHeader() {
        assertEquals(0x1, DmIoctl.READONLY_FLAG);
        assertEquals(0x2, DmIoctl.SUSPEND_FLAG);
        assertEquals(0x10, DmIoctl.STATUS_TABLE_FLAG);
        assertEquals(0x100, DmIoctl.BUFFER_FULL_FLAG);
        assertEquals(0x400, DmIoctl.SKIP_LOCKFS_FLAG);
        assertEquals(0x800, DmIoctl.NOFLUSH_FLAG);
        assertEquals(0x4000, DmIoctl.UUID_FLAG);
        assertEquals(0x10000, DmIoctl.DATA_OUT_FLAG);
        assertEquals(0x20000, DmIoctl.DEFERRED_REMOVE_FLAG);
    }

    @Test
    void headerBytes() {
        ByteBuffer b = DmIoctl.allocate(1024);
        for (int i = 0; i < 1024; i++) b.put(i, (byte) 0x5a);
        DmIoctl.writeHeader(b, "mpatha", "mpath-3600", DmIoctl.SUSPEND_FLAG | DmIoctl.NOFLUSH_FLAG, 2);
        byte[] expect = new byte[312];
        ByteBuffer e = ByteBuffer.wrap(expect).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        e.putInt(0, 4);            // version {4, 0, 0}
        e.putInt(12, 1024);        // data_size: the whole buffer
        e.putInt(16, 312);         // data_start
        e.putInt(20, 2);           // target_count
        e.putInt(28, 0x802);       // flags
        e.put(48, "mpatha".getBytes(StandardCharsets.US_ASCII));
        e.put(176, "mpath-3600".getBytes(StandardCharsets.US_ASCII));
        byte[] got = new byte[312];
        b.get(0, got);
        assertArrayEquals(expect, got);
        assertEquals(0x5a, b.get(312), "payload untouched by the header");
        assertEquals(312, DmIoctl.HEADER_SIZE);
    }

    @Test
    void namesMustFitWithTheirNul() {
        ByteBuffer b = DmIoctl.allocate(512);
        DmIoctl.writeHeader(b, "n".repeat(127), "u".repeat(128), 0, 0);
        assertEquals("n".repeat(127), DmIoctl.readHeader(b).name());
        assertEquals("u".repeat(128), DmIoctl.readHeader(b).uuid());
        assertThrows(IllegalArgumentException.class, () -> DmIoctl.writeHeader(b, "n".repeat(128), null, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> DmIoctl.writeHeader(b, null, "u".repeat(129), 0, 0));
        assertThrows(IllegalArgumentException.class, () -> DmIoctl.writeHeader(b, "a\0b", null, 0, 0));
    }

    @Test
    void readHeaderDecodesInfo() {
        ByteBuffer b = DmIoctl.allocate(512);
        DmIoctl.writeHeader(b, "m", null, 0, 0);
        long dev = new DevT(253, 300).encode();
        KernelBytes.replyHeader(b, 312, 1, DmIoctl.ACTIVE_PRESENT_FLAG | DmIoctl.SUSPEND_FLAG | DmIoctl.READONLY_FLAG,
                dev, 0xfffffff0L, 3);
        DmIoctl.Header h = DmIoctl.readHeader(b);
        assertEquals(new DmVersion(4, 47, 0), h.version());
        DmInfo i = DmIoctl.info(h);
        assertEquals(new DevT(253, 300), i.devt());
        assertEquals(0xfffffff0L, i.eventNr(), "event_nr is unsigned");
        assertEquals(3, i.openCount());
        assertEquals(1, i.targetCount());
        assertTrue(i.suspended());
        assertTrue(i.readOnly());
        assertTrue(i.activeTable());
        assertFalse(i.inactiveTable());
        assertFalse(i.deferredRemove());
        assertNull(i.uuid());
        // huge_encode_dev: (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12)
        assertEquals((300 & 0xff) | (253 << 8) | ((long) (300 & ~0xff) << 12), b.getLong(40));
    }

    @Test
    void tableLoadChainNextIsRelativeToEachSpecAndAligned() {
        List<DmTarget> t = List.of(new DmTarget(0, 2048, "linear", "8:16 0"),
                new DmTarget(2048, 4096, "multipath", "0 0 1 1 round-robin 0 1 1 8:32 1"));
        int size = DmIoctl.targetsSize(t);
        assertEquals(48 + 80, size); // align8(40+6+1)=48 ; align8(40+32+1)=80
        ByteBuffer b = DmIoctl.allocate(312 + size);
        for (int i = 312; i < 312 + size; i++) b.put(i, (byte) 0x77);
        DmIoctl.writeTargets(b, 312, t);
        assertEquals(0, b.getLong(312));
        assertEquals(2048, b.getLong(320));
        assertEquals(0, b.getInt(328));           // status
        assertEquals(48, b.getInt(332));          // next: from this spec
        assertEquals("linear", KernelBytes.cstringAt(b, 336));
        for (int i = 336 + 6; i < 352; i++) assertEquals(0, b.get(i), "target_type zero padded");
        assertEquals("8:16 0", KernelBytes.cstringAt(b, 352));
        for (int i = 352 + 6; i < 360; i++) assertEquals(0, b.get(i), "params padded with zeros to 8");
        int s2 = 312 + 48;
        assertEquals(2048, b.getLong(s2));
        assertEquals(4096, b.getLong(s2 + 8));
        assertEquals(80, b.getInt(s2 + 20));
        assertEquals("multipath", KernelBytes.cstringAt(b, s2 + 24));
        assertEquals("0 0 1 1 round-robin 0 1 1 8:32 1", KernelBytes.cstringAt(b, s2 + 40));
        assertEquals(0, (s2 + 80) % 8);
        assertThrows(IllegalArgumentException.class, () -> DmIoctl.writeTargets(b, 312,
                List.of(new DmTarget(0, 1, "sixteen-chars-xx", ""))));
    }

    @Test
    void statusChainNextIsRelativeToThePayloadStart() {
        ByteBuffer b = DmIoctl.allocate(4096);
        DmIoctl.writeHeader(b, "m", null, 0, 0);
        int end = KernelBytes.statusSpecs(b, 312,
                new Object[]{0L, 100L, "linear", "8:0 0"},
                new Object[]{100L, 200L, "zero", ""},
                new Object[]{300L, 5L, "multipath", "2 0 0 0 1 1 A 0 1 0 8:16 A 0"});
        KernelBytes.replyHeader(b, end, 3, 0, 0, 0, 0);
        List<DmTarget> got = DmIoctl.readTargets(b, DmIoctl.readHeader(b));
        assertEquals(List.of(new DmTarget(0, 100, "linear", "8:0 0"), new DmTarget(100, 200, "zero", ""),
                new DmTarget(300, 5, "multipath", "2 0 0 0 1 1 A 0 1 0 8:16 A 0")), got);
    }

    @Test
    void nameListWithEventNumbersAndUuids() {
        ByteBuffer b = DmIoctl.allocate(4096);
        DmIoctl.writeHeader(b, null, null, DmIoctl.UUID_FLAG, 0);
        int end = KernelBytes.nameList(b, 312, true,
                new KernelBytes.Entry(new DevT(253, 0).encode(), "mpatha", 7, "mpath-36001405abc"),
                new KernelBytes.Entry(new DevT(253, 1).encode(), "vg-lv1234", 0, null),
                new KernelBytes.Entry(new DevT(253, 300).encode(), "x", 4000000000L, "u"));
        KernelBytes.replyHeader(b, end, 0, DmIoctl.UUID_FLAG, 0, 0, 0);
        List<DmDevice> got = DmIoctl.readNameList(b, DmIoctl.readHeader(b));
        assertEquals(List.of(new DmDevice("mpatha", "mpath-36001405abc", new DevT(253, 0), 7),
                new DmDevice("vg-lv1234", null, new DevT(253, 1), 0),
                new DmDevice("x", "u", new DevT(253, 300), 4000000000L)), got);
        // exact layout of the first entry: name at 12, event_nr at align8(12+7)=24, flags at 28, uuid at 32
        assertEquals(7, b.getInt(312 + 24));
        assertEquals(1, b.getInt(312 + 28));
        assertEquals("mpath-36001405abc", KernelBytes.cstringAt(b, 312 + 32));
        assertEquals(56, b.getInt(312 + 8), "next = align8(32 + 18)");
    }

    @Test
    void nameListWithoutUuidsAndEmptyList() {
        ByteBuffer b = DmIoctl.allocate(4096);
        DmIoctl.writeHeader(b, null, null, 0, 0);
        int end = KernelBytes.nameList(b, 312, false, new KernelBytes.Entry(new DevT(253, 2).encode(), "a", 3, "ignored"));
        KernelBytes.replyHeader(b, end, 0, 0, 0, 0, 0);
        assertEquals(List.of(new DmDevice("a", null, new DevT(253, 2), 3)), DmIoctl.readNameList(b, DmIoctl.readHeader(b)));

        ByteBuffer e = DmIoctl.allocate(4096);
        DmIoctl.writeHeader(e, null, null, 0, 0);
        KernelBytes.replyHeader(e, KernelBytes.nameList(e, 312, true), 0, 0, 0, 0, 0);
        assertEquals(List.of(), DmIoctl.readNameList(e, DmIoctl.readHeader(e)));
    }

    @Test
    void malformedNameListIsATypedError() {
        ByteBuffer b = DmIoctl.allocate(1024);
        DmIoctl.writeHeader(b, null, null, 0, 0);
        b.putLong(312, 5);
        b.putInt(320, 4000); // next beyond the reply
        KernelBytes.cstring(b, 324, "a");
        KernelBytes.replyHeader(b, 1024, 0, 0, 0, 0, 0);
        assertThrows(DmIoctl.MalformedReplyException.class, () -> DmIoctl.readNameList(b, DmIoctl.readHeader(b)));
        for (int i = 324; i < 1024; i++) b.put(i, (byte) 'a');
        b.putInt(320, 0);
        assertThrows(DmIoctl.MalformedReplyException.class, () -> DmIoctl.readNameList(b, DmIoctl.readHeader(b)));
    }

    @Test
    void depsVersionsAndMessages() {
        ByteBuffer b = DmIoctl.allocate(1024);
        DmIoctl.writeHeader(b, "m", null, 0, 0);
        b.putInt(312, 2);
        b.putLong(320, new DevT(8, 16).encode());
        b.putLong(328, new DevT(65, 300).encode());
        KernelBytes.replyHeader(b, 336, 0, 0, 0, 0, 0);
        assertEquals(List.of(new DevT(8, 16), new DevT(65, 300)), DmIoctl.readDeps(b, DmIoctl.readHeader(b)));
        b.putInt(312, 100);
        assertThrows(DmIoctl.MalformedReplyException.class, () -> DmIoctl.readDeps(b, DmIoctl.readHeader(b)));

        ByteBuffer v = DmIoctl.allocate(1024);
        DmIoctl.writeHeader(v, null, null, 0, 0);
        // dm_target_versions: next u32 @0, version[3] @4, name @16; next = align8(16 + strlen + 1)
        v.putInt(312, 32);
        v.putInt(316, 1);
        v.putInt(320, 14);
        v.putInt(324, 0);
        KernelBytes.cstring(v, 328, "multipath");
        v.putInt(344, 0);
        v.putInt(348, 1);
        v.putInt(352, 4);
        v.putInt(356, 0);
        KernelBytes.cstring(v, 360, "linear");
        KernelBytes.replyHeader(v, 376, 0, 0, 0, 0, 0);
        Map<String, DmVersion> vs = DmIoctl.readVersions(v, DmIoctl.readHeader(v));
        assertEquals(Map.of("multipath", new DmVersion(1, 14, 0), "linear", new DmVersion(1, 4, 0)), vs);

        ByteBuffer m = DmIoctl.allocate(312 + DmIoctl.messageSize("fail_path 8:16"));
        assertEquals(24, DmIoctl.messageSize("fail_path 8:16"));
        DmIoctl.writeHeader(m, "m", null, 0, 0);
        DmIoctl.writeMessage(m, 312, 0, "fail_path 8:16");
        assertEquals(0, m.getLong(312));
        assertEquals("fail_path 8:16", KernelBytes.cstringAt(m, 320));
        KernelBytes.cstring(m, 312, "reply");
        KernelBytes.replyHeader(m, 318, 0, DmIoctl.DATA_OUT_FLAG, 0, 0, 0);
        assertEquals("reply", DmIoctl.readStringReply(m, DmIoctl.readHeader(m)));

        ByteBuffer r = DmIoctl.allocate(312 + DmIoctl.stringSize("newname"));
        DmIoctl.writeHeader(r, "old", null, 0, 0);
        DmIoctl.writeString(r, 312, "newname");
        assertEquals("newname", KernelBytes.cstringAt(r, 312));
        assertEquals(320, r.capacity());
    }
}
