package io.mpathvx.dm;

import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmEventChannel;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.DmVersion;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.DevT;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * {@link DmControl} over ioctls on /dev/mapper/control. Blocking: call from worker threads (several may call at
 * once; the kernel serialises per device). Replies that do not fit (DM_BUFFER_FULL) are retried with a doubled
 * buffer up to {@link #MAX_BUFFER}. When udevd is not running, /dev/mapper/&lt;name&gt; nodes are kept by
 * {@link DevMapperNodes} as libdevmapper does.
 */
public final class LinuxDmControl implements DmControl {
    public static final String CONTROL_PATH = "/dev/mapper/control";
    static final int INITIAL_BUFFER = 16 * 1024;
    static final int MAX_BUFFER = 64 * 1024 * 1024;
    /** Attempts for a remove that fails with EBUSY (a udev/blkid probe often holds a new device briefly). */
    static final int REMOVE_ATTEMPTS = 5;

    private static final System.Logger LOG = System.getLogger(LinuxDmControl.class.getName());

    /** Opens another control fd (the event channel needs its own: ARM_POLL state is per open file). */
    interface Opener {
        ControlFile open() throws DmException;
    }

    /** Waits before retry {@code attempt} (1-based); a blocking wait is fine here, callers are workers. */
    interface Backoff {
        void pause(int attempt);
    }

    static final Backoff PARK = attempt -> LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10L << (attempt - 1)));

    private final ControlFile file;
    private final Opener opener;
    private final DevMapperNodes nodes;
    private final Backoff backoff;

    LinuxDmControl(ControlFile file, Opener opener, DevMapperNodes nodes, Backoff backoff) {
        this.file = file;
        this.opener = opener;
        this.nodes = nodes;
        this.backoff = backoff;
    }

    /** Opens /dev/mapper/control; manages /dev/mapper nodes itself when udevd is not running. */
    public static LinuxDmControl open() throws DmException {
        return open(CONTROL_PATH, DevMapperNodes.udevRunning() ? null : DevMapperNodes.at(DevMapperNodes.DEFAULT_DIR));
    }

    /**
     * Opens the control device at {@code controlPath}.
     *
     * @param nodes keeps /dev/mapper nodes, or null when udev does it
     */
    public static LinuxDmControl open(String controlPath, DevMapperNodes nodes) throws DmException {
        Opener opener = () -> NativeControlFile.open(controlPath);
        return new LinuxDmControl(opener.open(), opener, nodes, PARK);
    }

    /** Whether this instance creates and removes /dev/mapper nodes itself. */
    public boolean managesNodes() {
        return nodes != null;
    }

    @Override
    public DmVersion version() throws DmException {
        return call(DmIoctl.DM_VERSION, null, null, 0, 0, 0, null, false).header().version();
    }

    @Override
    public List<DmDevice> listDevices() throws DmException {
        Reply r = call(DmIoctl.DM_LIST_DEVICES, null, null, DmIoctl.UUID_FLAG, 0, 0, null, true);
        return decode("DM_LIST_DEVICES", null, () -> DmIoctl.readNameList(r.buf(), r.header()));
    }

    @Override
    public DmInfo create(String name, String uuid) throws DmException {
        DmInfo info = DmIoctl.info(call(DmIoctl.DM_DEV_CREATE, name, uuid, 0, 0, 0, null, false).header());
        ensureNode(name, info.devt());
        return info;
    }

    @Override
    public void remove(String name, boolean deferred) throws DmException {
        int flags = deferred ? DmIoctl.DEFERRED_REMOVE_FLAG : 0;
        for (int attempt = 1; ; attempt++) {
            try {
                Reply r = call(DmIoctl.DM_DEV_REMOVE, name, null, flags, 0, 0, null, false);
                // The kernel clears DEFERRED_REMOVE when it removed the device now; still set = removal pending.
                if (!r.header().has(DmIoctl.DEFERRED_REMOVE_FLAG)) dropNode(name);
                return;
            } catch (DmException e) {
                if (e.errno() != Errno.EBUSY || attempt >= REMOVE_ATTEMPTS) throw e;
                backoff.pause(attempt);
            }
        }
    }

    @Override
    public void rename(String name, String newName) throws DmException {
        Reply r = call(DmIoctl.DM_DEV_RENAME, name, null, 0, 0, DmIoctl.stringSize(newName),
                b -> DmIoctl.writeString(b, DmIoctl.HEADER_SIZE, newName), false);
        dropNode(name);
        long dev = r.header().dev();
        ensureNode(newName, dev != 0 ? DevT.decode(dev) : info(newName).devt());
    }

    @Override
    public DmInfo suspend(String name, boolean noFlush, boolean skipLockfs) throws DmException {
        int flags = DmIoctl.SUSPEND_FLAG | (noFlush ? DmIoctl.NOFLUSH_FLAG : 0) | (skipLockfs ? DmIoctl.SKIP_LOCKFS_FLAG : 0);
        return DmIoctl.info(call(DmIoctl.DM_DEV_SUSPEND, name, null, flags, 0, 0, null, false).header());
    }

    @Override
    public DmInfo resume(String name) throws DmException {
        DmInfo info = DmIoctl.info(call(DmIoctl.DM_DEV_SUSPEND, name, null, 0, 0, 0, null, false).header());
        ensureNode(name, info.devt());
        return info;
    }

    @Override
    public DmInfo info(String name) throws DmException {
        return DmIoctl.info(call(DmIoctl.DM_DEV_STATUS, name, null, 0, 0, 0, null, false).header());
    }

    @Override
    public DmInfo loadTable(String name, List<DmTarget> targets) throws DmException {
        int size = DmIoctl.targetsSize(targets);
        return DmIoctl.info(call(DmIoctl.DM_TABLE_LOAD, name, null, 0, targets.size(), size,
                b -> DmIoctl.writeTargets(b, DmIoctl.HEADER_SIZE, targets), false).header());
    }

    @Override
    public void clearTable(String name) throws DmException {
        call(DmIoctl.DM_TABLE_CLEAR, name, null, 0, 0, 0, null, false);
    }

    @Override
    public List<DmTarget> table(String name) throws DmException {
        Reply r = call(DmIoctl.DM_TABLE_STATUS, name, null, DmIoctl.STATUS_TABLE_FLAG, 0, 0, null, true);
        return decode("DM_TABLE_STATUS", name, () -> DmIoctl.readTargets(r.buf(), r.header()));
    }

    @Override
    public List<DmTarget> status(String name) throws DmException {
        Reply r = call(DmIoctl.DM_TABLE_STATUS, name, null, 0, 0, 0, null, true);
        return decode("DM_TABLE_STATUS", name, () -> DmIoctl.readTargets(r.buf(), r.header()));
    }

    @Override
    public List<DevT> deps(String name) throws DmException {
        Reply r = call(DmIoctl.DM_TABLE_DEPS, name, null, 0, 0, 0, null, true);
        return decode("DM_TABLE_DEPS", name, () -> DmIoctl.readDeps(r.buf(), r.header()));
    }

    @Override
    public Map<String, DmVersion> targetVersions() throws DmException {
        Reply r = call(DmIoctl.DM_LIST_VERSIONS, null, null, 0, 0, 0, null, true);
        return decode("DM_LIST_VERSIONS", null, () -> DmIoctl.readVersions(r.buf(), r.header()));
    }

    @Override
    public String message(String name, long sector, String message) throws DmException {
        int size = DmIoctl.messageSize(message);
        Reply r = call(DmIoctl.DM_TARGET_MSG, name, null, 0, 0, size,
                b -> DmIoctl.writeMessage(b, DmIoctl.HEADER_SIZE, sector, message), true);
        return r.header().has(DmIoctl.DATA_OUT_FLAG) ? DmIoctl.readStringReply(r.buf(), r.header()) : "";
    }

    /** DM_DEV_ARM_POLL on this instance's fd. */
    void armPoll() throws DmException {
        call(DmIoctl.DM_DEV_ARM_POLL, null, null, 0, 0, 0, null, false);
    }

    int fd() {
        return file.fd();
    }

    /**
     * Opens a second control fd for events. Fails with ENOSYS when the kernel's dm interface is older than 4.37
     * (no DM_DEV_ARM_POLL).
     */
    @Override
    public DmEventChannel openEventChannel() throws DmException {
        DmVersion v = version();
        if (!v.atLeast(DmIoctl.VERSION_MAJOR, DmIoctl.ARM_POLL_MINOR)) {
            throw new DmException("DM_DEV_ARM_POLL", null, Errno.ENOSYS, "needs dm interface 4.37, kernel has " + v);
        }
        return new LinuxDmEventChannel(new LinuxDmControl(opener.open(), opener, null, backoff));
    }

    @Override
    public void close() {
        file.close();
    }

    record Reply(ByteBuffer buf, DmIoctl.Header header) {
    }

    private interface Decoder<T> {
        T decode();
    }

    private static <T> T decode(String call, String map, Decoder<T> d) throws DmException {
        try {
            return d.decode();
        } catch (DmIoctl.MalformedReplyException e) {
            throw new DmException(call, map, Errno.EIO, "malformed reply: " + e.getMessage());
        }
    }

    /**
     * Issues one command. With {@code growable}, starts with a 16 KiB buffer and doubles it while the kernel
     * answers DM_BUFFER_FULL.
     */
    private Reply call(long request, String name, String uuid, int flags, int targetCount, int payload,
                       Consumer<ByteBuffer> writer, boolean growable) throws DmException {
        String callName = DmIoctl.callName(request);
        String map = name != null ? name : uuid;
        int size = DmIoctl.align8(DmIoctl.HEADER_SIZE + payload);
        if (growable) size = Math.max(size, INITIAL_BUFFER);
        while (true) {
            ByteBuffer b = DmIoctl.allocate(size);
            try {
                DmIoctl.writeHeader(b, name, uuid, flags, targetCount);
                if (writer != null) writer.accept(b);
            } catch (IllegalArgumentException e) {
                throw new DmException(callName, map, Errno.EINVAL, e.getMessage());
            }
            int errno = file.ioctl(request, b);
            if (errno != 0) {
                Errno e = Errno.of(errno);
                throw new DmException(callName, map, e, e == Errno.UNKNOWN ? "errno " + errno : null);
            }
            DmIoctl.Header h = DmIoctl.readHeader(b);
            if (!growable || !h.has(DmIoctl.BUFFER_FULL_FLAG)) return new Reply(b, h);
            if (size >= MAX_BUFFER) {
                throw new DmException(callName, map, Errno.ENOSPC, "reply larger than " + MAX_BUFFER + " bytes");
            }
            size = Math.min(MAX_BUFFER, size * 2);
        }
    }

    private void ensureNode(String name, DevT devt) {
        if (nodes == null || devt == null || (devt.major() == 0 && devt.minor() == 0)) return;
        try {
            nodes.create(name, devt);
        } catch (IOException | IllegalArgumentException e) {
            // The map itself is fine; a missing node only matters to users of the path (as with libdevmapper).
            LOG.log(System.Logger.Level.WARNING, "cannot create /dev/mapper node for " + name + ": " + e.getMessage());
        }
    }

    private void dropNode(String name) {
        if (nodes == null) return;
        try {
            nodes.remove(name);
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot remove /dev/mapper node for " + name + ": " + e.getMessage());
        }
    }
}
