package io.mpathvx.uevent;

import io.mpathvx.core.kernel.RawUevent;
import io.mpathvx.core.kernel.ReadyWatch;
import io.mpathvx.core.kernel.UeventOverflowException;
import io.mpathvx.core.kernel.UeventSource;
import io.mpathvx.core.loop.FdPoller;
import io.vertx.core.Context;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

import static io.mpathvx.uevent.NetlinkNative.*;

/**
 * The NETLINK_KOBJECT_UEVENT socket: non-blocking, large receive buffer, credentials passed, bound to the kernel
 * group (1) or udevd's group (2). {@link #drain} is called on one thread at a time (the event loop): it reuses one
 * set of native buffers.
 */
public final class NetlinkUeventSource implements UeventSource {
    /** multipathd's choice: big enough to ride out a storm of thousands of events. */
    public static final int DEFAULT_RECEIVE_BUFFER = 128 << 20;
    /** udev datagrams carry all properties; the kernel's are at most 2 KiB. */
    private static final int DATAGRAM_MAX = 64 << 10;

    private final int fd;
    private final int group;
    private final int receiveBuffer;
    private final Pointer msghdr = Memory.allocateDirect(RUNTIME, MSGHDR_SIZE, true);
    private final Pointer iov = Memory.allocateDirect(RUNTIME, IOVEC_SIZE, true);
    private final Pointer addr = Memory.allocateDirect(RUNTIME, SOCKADDR_NL_SIZE, true);
    private final Pointer control = Memory.allocateDirect(RUNTIME, CONTROL_SIZE, true);
    private final Pointer data = Memory.allocateDirect(RUNTIME, DATAGRAM_MAX, true);
    private long truncated;
    private volatile boolean closed;

    private NetlinkUeventSource(int fd, int group, int receiveBuffer) {
        this.fd = fd;
        this.group = group;
        this.receiveBuffer = receiveBuffer;
        iov.putAddress(0, data.address());
        iov.putLong(8, DATAGRAM_MAX);
        msghdr.putAddress(MSG_NAME, addr.address());
        msghdr.putAddress(MSG_IOV, iov.address());
        msghdr.putLong(MSG_IOVLEN, 1);
        msghdr.putAddress(MSG_CONTROL, control.address());
    }

    /**
     * udevd's group when udevd runs ({@code /run/udev/control} exists), else the kernel's; 128 MiB buffer. With
     * udevd, its re-broadcast arrives after udev's database has the device, so a WWID read on that event sees
     * udev's ID_SERIAL (as multipathd, which listens to udev, does); kernel events would race udevd.
     */
    public static NetlinkUeventSource openPreferred() throws IOException {
        boolean udevd = java.nio.file.Files.exists(java.nio.file.Path.of("/run/udev/control"));
        return open(udevd ? RawUevent.UDEV_GROUP : RawUevent.KERNEL_GROUP, DEFAULT_RECEIVE_BUFFER);
    }

    /** The kernel's group with multipathd's 128 MiB buffer. */
    public static NetlinkUeventSource openKernel() throws IOException {
        return open(RawUevent.KERNEL_GROUP, DEFAULT_RECEIVE_BUFFER);
    }

    /**
     * Opens and binds the socket.
     *
     * @param group         {@link RawUevent#KERNEL_GROUP} or {@link RawUevent#UDEV_GROUP}
     * @param receiveBuffer bytes requested with SO_RCVBUFFORCE (SO_RCVBUF, capped by rmem_max, when not permitted)
     */
    public static NetlinkUeventSource open(int group, int receiveBuffer) throws IOException {
        if (group != RawUevent.KERNEL_GROUP && group != RawUevent.UDEV_GROUP) {
            throw new IllegalArgumentException("uevent group must be 1 (kernel) or 2 (udev): " + group);
        }
        int fd = LIBC.socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_KOBJECT_UEVENT);
        if (fd < 0) throw error("socket(AF_NETLINK, NETLINK_KOBJECT_UEVENT)", errno());
        try {
            Pointer val = Memory.allocateDirect(RUNTIME, 4, true);
            val.putInt(0, receiveBuffer);
            if (LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, val, 4) < 0
                    && LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVBUF, val, 4) < 0) {
                throw error("setsockopt(SO_RCVBUF)", errno());
            }
            val.putInt(0, 1);
            if (LIBC.setsockopt(fd, SOL_SOCKET, SO_PASSCRED, val, 4) < 0) throw error("setsockopt(SO_PASSCRED)", errno());
            Pointer sa = Memory.allocateDirect(RUNTIME, SOCKADDR_NL_SIZE, true);
            sa.putShort(NL_FAMILY, (short) AF_NETLINK);
            sa.putInt(NL_PID, 0); // let the kernel pick our port id
            sa.putInt(NL_GROUPS, 1 << (group - 1));
            if (LIBC.bind(fd, sa, SOCKADDR_NL_SIZE) < 0) throw error("bind(netlink group " + group + ")", errno());
            Pointer len = Memory.allocateDirect(RUNTIME, 4, true);
            len.putInt(0, 4);
            int effective = LIBC.getsockopt(fd, SOL_SOCKET, SO_RCVBUF, val, len) == 0 ? val.getInt(0) : -1;
            return new NetlinkUeventSource(fd, group, effective);
        } catch (IOException | RuntimeException e) {
            LIBC.close(fd);
            throw e;
        }
    }

    /** The netlink group this socket is bound to. */
    public int group() {
        return group;
    }

    /** The receive buffer the kernel granted (it doubles the request), -1 if unknown. */
    public int receiveBuffer() {
        return receiveBuffer;
    }

    /** Datagrams longer than the 64 KiB buffer, skipped (none expected: the kernel's are at most 2 KiB). */
    public long truncated() {
        return truncated;
    }

    @Override
    public ReadyWatch watch(Context context, Runnable onReady) {
        return FdPoller.watch(context, fd, onReady);
    }

    @Override
    public int drain(Consumer<RawUevent> sink, int max) throws UeventOverflowException {
        if (closed) return 0;
        int handed = 0;
        while (handed < max) {
            msghdr.putInt(MSG_NAMELEN, SOCKADDR_NL_SIZE);
            msghdr.putLong(MSG_CONTROLLEN, CONTROL_SIZE);
            msghdr.putInt(MSG_FLAGS, 0);
            long n = LIBC.recvmsg(fd, msghdr, MSG_DONTWAIT);
            if (n < 0) {
                int err = errno();
                if (err == EINTR) continue;
                if (err == EAGAIN) break;
                if (err == ENOBUFS) throw new UeventOverflowException("netlink receive buffer overflowed (ENOBUFS)");
                throw new UncheckedIOException(error("recvmsg(netlink)", err));
            }
            if ((msghdr.getInt(MSG_FLAGS) & MSG_TRUNC) != 0) {
                truncated++;
                continue;
            }
            byte[] bytes = new byte[(int) n];
            data.get(0, bytes, 0, bytes.length);
            int groups = addr.getInt(NL_GROUPS);
            int from = groups == 1 ? RawUevent.KERNEL_GROUP : groups == 2 ? RawUevent.UDEV_GROUP : group;
            sink.accept(new RawUevent(from, addr.getInt(NL_PID), senderUid(), bytes));
            handed++;
        }
        return handed;
    }

    /** The uid from the SCM_CREDENTIALS control message, -1 when none came. */
    private int senderUid() {
        long controlLen = msghdr.getLong(MSG_CONTROLLEN);
        long off = 0;
        while (off + CMSG_DATA <= controlLen) {
            long len = control.getLong(off + CMSG_LEN);
            if (len < CMSG_DATA || off + len > controlLen) break;
            if (control.getInt(off + CMSG_LEVEL) == SOL_SOCKET && control.getInt(off + CMSG_TYPE) == SCM_CREDENTIALS) {
                return control.getInt(off + CMSG_DATA + UCRED_UID);
            }
            off += (len + 7) & ~7L;
        }
        return -1;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        LIBC.close(fd);
    }

    private static IOException error(String what, int errno) {
        return new IOException(what + " failed: errno " + errno + (errno == EPERM ? " (EPERM: needs root)" : ""));
    }
}
