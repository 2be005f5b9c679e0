package io.mpathvx.dm;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.DevT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LinuxDmControl's logic (buffer growth, errno mapping, retries, nodes) against a scripted fake kernel. */
class LinuxDmControlTest {
    /** Records each ioctl (command, header flags, buffer size, name) and answers with a script. */
    static final class FakeKernel implements ControlFile {
        record Call(long request, int flags, int size, String name) {
        }

        final List<Call> calls = new ArrayList<>();
        BiFunction<Long, ByteBuffer, Integer> script;
        boolean closed;

        FakeKernel(BiFunction<Long, ByteBuffer, Integer> script) {
            this.script = script;
        }

        @Override
        public int ioctl(long request, ByteBuffer buf) {
            calls.add(new Call(request, buf.getInt(28), buf.capacity(), KernelBytes.cstringAt(buf, 48)));
            assertEquals(buf.capacity(), buf.getInt(12), "data_size is the buffer size");
            assertEquals(312, buf.getInt(16), "data_start");
            return script.apply(request, buf);
        }

        @Override
        public int fd() {
            return -1;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private final List<Integer> pauses = new ArrayList<>();

    private LinuxDmControl control(FakeKernel k, DevMapperNodes nodes) {
        return new LinuxDmControl(k, () -> k, nodes, pauses::add);
    }

    @Test
    void listDevicesGrowsTheBufferOnBufferFullAndAsksForUuids() throws DmException {
        int needed = 40_000;
        FakeKernel k = new FakeKernel((req, b) -> {
            if (b.capacity() < needed) {
                KernelBytes.replyHeader(b, 312, 0, b.getInt(28) | DmIoctl.BUFFER_FULL_FLAG, 0, 0, 0);
                return 0;
            }
            int end = KernelBytes.nameList(b, 312, (b.getInt(28) & DmIoctl.UUID_FLAG) != 0,
                    new KernelBytes.Entry(new DevT(253, 0).encode(), "mpatha", 5, "mpath-1"));
            KernelBytes.replyHeader(b, end, 0, b.getInt(28), 0, 0, 0);
            return 0;
        });
        List<DmDevice> devs = control(k, null).listDevices();
        assertEquals(List.of(new DmDevice("mpatha", "mpath-1", new DevT(253, 0), 5)), devs);
        assertEquals(List.of(16384, 32768, 65536), k.calls.stream().map(FakeKernel.Call::size).toList());
        assertTrue(k.calls.stream().allMatch(c -> c.request() == DmIoctl.DM_LIST_DEVICES
                && (c.flags() & DmIoctl.UUID_FLAG) != 0));
    }

    @Test
    void bufferGrowthIsCapped() {
        FakeKernel k = new FakeKernel((req, b) -> {
            KernelBytes.replyHeader(b, 312, 0, DmIoctl.BUFFER_FULL_FLAG, 0, 0, 0);
            return 0;
        });
        DmException e = assertThrows(DmException.class, () -> control(k, null).status("m"));
        assertEquals(Errno.ENOSPC, e.errno());
        assertEquals(LinuxDmControl.MAX_BUFFER, k.calls.get(k.calls.size() - 1).size());
    }

    @Test
    void errnoBecomesATypedExceptionNamingCallAndMap() {
        FakeKernel k = new FakeKernel((req, b) -> Errno.ENXIO.number());
        DmException e = assertThrows(DmException.class, () -> control(k, null).info("nosuch"));
        assertEquals("DM_DEV_STATUS", e.call());
        assertEquals("nosuch", e.map());
        assertEquals(Errno.ENXIO, e.errno());
        FakeKernel k2 = new FakeKernel((req, b) -> 200);
        DmException e2 = assertThrows(DmException.class, () -> control(k2, null).create("x", null));
        assertEquals(Errno.UNKNOWN, e2.errno());
        assertTrue(e2.getMessage().contains("errno 200"), e2.getMessage());
    }

    @Test
    void badArgumentsAreEinvalBeforeAnyIoctl() {
        FakeKernel k = new FakeKernel((req, b) -> 0);
        DmException e = assertThrows(DmException.class, () -> control(k, null).create("n".repeat(200), null));
        assertEquals(Errno.EINVAL, e.errno());
        assertEquals(0, k.calls.size());
    }

    @Test
    void removeRetriesEbusyBoundedlyWithoutSleepingInTests() {
        int[] busy = {3};
        FakeKernel k = new FakeKernel((req, b) -> busy[0]-- > 0 ? Errno.EBUSY.number() : 0);
        assertDoesNotThrowDm(() -> control(k, null).remove("m", false));
        assertEquals(4, k.calls.size());
        assertEquals(List.of(1, 2, 3), pauses);

        pauses.clear();
        FakeKernel always = new FakeKernel((req, b) -> Errno.EBUSY.number());
        DmException e = assertThrows(DmException.class, () -> control(always, null).remove("open", false));
        assertEquals(Errno.EBUSY, e.errno());
        assertEquals("DM_DEV_REMOVE", e.call());
        assertEquals("open", e.map());
        assertEquals(LinuxDmControl.REMOVE_ATTEMPTS, always.calls.size());
        assertEquals(LinuxDmControl.REMOVE_ATTEMPTS - 1, pauses.size());
    }

    @Test
    void removeNeverRetriesOtherErrors() {
        FakeKernel k = new FakeKernel((req, b) -> Errno.ENXIO.number());
        assertThrows(DmException.class, () -> control(k, null).remove("m", false));
        assertEquals(1, k.calls.size());
    }

    @Test
    void flagsOfSuspendResumeRemoveAndTable() throws DmException {
        FakeKernel k = new FakeKernel((req, b) -> 0);
        LinuxDmControl c = control(k, null);
        c.suspend("m", true, true);
        c.suspend("m", false, false);
        c.resume("m");
        c.remove("m", true);
        c.table("m");
        c.status("m");
        assertEquals(DmIoctl.SUSPEND_FLAG | DmIoctl.NOFLUSH_FLAG | DmIoctl.SKIP_LOCKFS_FLAG, k.calls.get(0).flags());
        assertEquals(DmIoctl.SUSPEND_FLAG, k.calls.get(1).flags());
        assertEquals(0, k.calls.get(2).flags());
        assertEquals(DmIoctl.DM_DEV_SUSPEND, k.calls.get(2).request());
        assertEquals(DmIoctl.DEFERRED_REMOVE_FLAG, k.calls.get(3).flags());
        assertEquals(DmIoctl.STATUS_TABLE_FLAG, k.calls.get(4).flags());
        assertEquals(0, k.calls.get(5).flags());
    }

    @Test
    void loadTableSendsTargetCountAndChain() throws DmException {
        List<DmTarget> table = List.of(new DmTarget(0, 8, "zero", ""), new DmTarget(8, 8, "error", ""));
        ByteBuffer[] seen = new ByteBuffer[1];
        FakeKernel k = new FakeKernel((req, b) -> {
            seen[0] = b;
            return 0;
        });
        control(k, null).loadTable("m", table);
        assertEquals(2, seen[0].getInt(20));
        assertEquals(312 + 48 + 48, seen[0].capacity());
        assertEquals("zero", KernelBytes.cstringAt(seen[0], 312 + 24));
        assertEquals("error", KernelBytes.cstringAt(seen[0], 312 + 48 + 24));
    }

    @Test
    void messageReturnsTheReplyOnlyWithDataOut() throws DmException {
        FakeKernel k = new FakeKernel((req, b) -> {
            assertEquals("reinstate_path 8:16", KernelBytes.cstringAt(b, 320));
            KernelBytes.cstring(b, 312, "ok");
            KernelBytes.replyHeader(b, 315, 0, DmIoctl.DATA_OUT_FLAG, 0, 0, 0);
            return 0;
        });
        assertEquals("ok", control(k, null).message("m", 0, "reinstate_path 8:16"));
        FakeKernel silent = new FakeKernel((req, b) -> 0);
        assertEquals("", control(silent, null).message("m", 0, "fail_path 8:16"));
    }

    @Test
    void eventChannelNeedsInterface437() {
        FakeKernel old = new FakeKernel((req, b) -> {
            KernelBytes.replyHeader(b, 312, 0, 0, 0, 0, 0);
            b.putInt(4, 36);
            return 0;
        });
        DmException e = assertThrows(DmException.class, () -> control(old, null).openEventChannel());
        assertEquals(Errno.ENOSYS, e.errno());
    }

    @Test
    void nodesFollowCreateResumeRenameAndRemove(@TempDir Path dir) throws Exception {
        Map<Path, DevT> made = new HashMap<>();
        DevMapperNodes nodes = new DevMapperNodes(dir, (p, mode, devt) -> {
            assertEquals(0600, mode);
            made.put(p, devt);
            Files.createFile(p); // a regular file stands in for the node where mknod is not allowed
        });
        long dev = new DevT(253, 4).encode();
        FakeKernel k = new FakeKernel((req, b) -> {
            KernelBytes.replyHeader(b, 312, 0, req == DmIoctl.DM_DEV_REMOVE ? 0 : DmIoctl.ACTIVE_PRESENT_FLAG, dev, 0, 0);
            return 0;
        });
        LinuxDmControl c = control(k, nodes);
        assertTrue(c.managesNodes());
        DmInfo info = c.create("mpatha", "mpath-x");
        assertEquals(new DevT(253, 4), info.devt());
        assertEquals(new DevT(253, 4), made.get(dir.resolve("mpatha")));
        c.rename("mpatha", "mpathb");
        assertFalse(Files.exists(dir.resolve("mpatha")));
        assertTrue(Files.exists(dir.resolve("mpathb")));
        c.remove("mpathb", false);
        assertFalse(Files.exists(dir.resolve("mpathb")));
    }

    @Test
    void deferredRemovePendingKeepsTheNode(@TempDir Path dir) throws Exception {
        DevMapperNodes nodes = new DevMapperNodes(dir, (p, mode, devt) -> Files.createFile(p));
        Files.createFile(dir.resolve("busy"));
        FakeKernel k = new FakeKernel((req, b) -> {
            // the kernel leaves DEFERRED_REMOVE set when it only scheduled the removal
            KernelBytes.replyHeader(b, 312, 0, b.getInt(28), 0, 0, 1);
            return 0;
        });
        control(k, nodes).remove("busy", true);
        assertTrue(Files.exists(dir.resolve("busy")));
    }

    interface DmRunnable {
        void run() throws DmException;
    }

    private static void assertDoesNotThrowDm(DmRunnable r) {
        try {
            r.run();
        } catch (DmException e) {
            throw new AssertionError(e);
        }
    }
}
