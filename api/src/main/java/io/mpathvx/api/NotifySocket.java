package io.mpathvx.api;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A Unix datagram socket that sends to one address: systemd's {@code $NOTIFY_SOCKET}. Java 17's NIO has Unix stream
 * sockets only, so socket(2) and sendto(2) are bound with jnr-ffi, which the project already uses for kernel calls.
 * Calls block (briefly): use it from a worker thread, never from the event loop.
 */
final class NotifySocket implements AutoCloseable {
    static final int AF_UNIX = 1;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_NOSIGNAL = 0x4000;
    /** sizeof(struct sockaddr_un): u16 family, then 108 bytes of path. */
    static final int SOCKADDR_UN_SIZE = 110;
    static final int SUN_PATH_MAX = 108;

    public interface LibC {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        @ssize_t
        long sendto(int fd, @In ByteBuffer buf, @size_t long len, int flags, @In ByteBuffer addr, int addrLen);

        @SaveError
        int close(int fd);
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    }

    private final ByteBuffer address;
    private final int addressLength;
    private final int fd;

    private NotifySocket(ByteBuffer address, int addressLength, int fd) {
        this.address = address;
        this.addressLength = addressLength;
        this.fd = fd;
    }

    /** Opens a socket that sends to {@code target}: a path, or {@code @name} for the abstract namespace. */
    static NotifySocket open(String target) throws IOException {
        ByteBuffer addr = sockaddr(target);
        int fd = Holder.LIBC.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw new IOException("socket(AF_UNIX, SOCK_DGRAM): errno " + errno());
        return new NotifySocket(addr, addressLength(target), fd);
    }

    /** struct sockaddr_un for a path or an abstract name (leading '@' becomes the NUL byte, as sd_notify does). */
    static ByteBuffer sockaddr(String target) {
        byte[] path = target.getBytes(StandardCharsets.UTF_8);
        if (target.isEmpty() || (target.charAt(0) != '/' && target.charAt(0) != '@')) {
            throw new IllegalArgumentException("not a Unix socket path or @abstract name: " + target);
        }
        if (path.length >= SUN_PATH_MAX) throw new IllegalArgumentException("socket path too long: " + target);
        ByteBuffer addr = ByteBuffer.allocateDirect(SOCKADDR_UN_SIZE).order(ByteOrder.nativeOrder());
        addr.putShort(0, (short) AF_UNIX);
        for (int i = 0; i < path.length; i++) addr.put(2 + i, path[i]);
        if (target.charAt(0) == '@') addr.put(2, (byte) 0);
        return addr;
    }

    /** The address length: an abstract name counts its bytes exactly, a path includes its terminating NUL. */
    static int addressLength(String target) {
        int n = target.getBytes(StandardCharsets.UTF_8).length;
        return 2 + (target.charAt(0) == '@' ? n : n + 1);
    }

    /** Sends one datagram without waiting for room: a full receiver queue is an error, not a stall. */
    void send(String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocateDirect(bytes.length);
        buf.put(bytes).flip();
        long sent = Holder.LIBC.sendto(fd, buf, bytes.length, MSG_DONTWAIT | MSG_NOSIGNAL, address, addressLength);
        if (sent < 0) throw new IOException("sendto: errno " + errno());
    }

    private static int errno() {
        return Runtime.getRuntime(Holder.LIBC).getLastError();
    }

    @Override
    public void close() {
        Holder.LIBC.close(fd);
    }
}
