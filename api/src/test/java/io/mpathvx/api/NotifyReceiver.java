package io.mpathvx.api;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** systemd's side of $NOTIFY_SOCKET for tests: a bound Unix datagram socket that receives sd_notify messages. */
final class NotifyReceiver implements AutoCloseable {
    private static final int SOL_SOCKET = 1;
    private static final int SO_RCVTIMEO = 20;
    private static final int EAGAIN = 11;

    public interface LibC {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        int bind(int fd, @In ByteBuffer addr, int addrLen);

        @SaveError
        int setsockopt(int fd, int level, int option, @In ByteBuffer value, int valueLen);

        @SaveError
        @ssize_t
        long recv(int fd, @Out ByteBuffer buf, @size_t long len, int flags);

        @SaveError
        int close(int fd);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private final int fd;
    private final Path path;

    private NotifyReceiver(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    static NotifyReceiver bind(Path path) throws IOException {
        int fd = LIBC.socket(NotifySocket.AF_UNIX, NotifySocket.SOCK_DGRAM | NotifySocket.SOCK_CLOEXEC, 0);
        if (fd < 0) throw new IOException("socket: errno " + errno());
        String p = path.toString();
        if (LIBC.bind(fd, NotifySocket.sockaddr(p), NotifySocket.addressLength(p)) != 0) {
            int e = errno();
            LIBC.close(fd);
            throw new IOException("bind " + p + ": errno " + e);
        }
        return new NotifyReceiver(fd, path);
    }

    Path path() {
        return path;
    }

    /** The next datagram, or empty when none arrives within {@code timeout}. */
    Optional<String> receive(Duration timeout) throws IOException {
        ByteBuffer tv = ByteBuffer.allocateDirect(16).order(ByteOrder.nativeOrder());
        tv.putLong(0, timeout.toSeconds()).putLong(8, timeout.toNanosPart() / 1000);
        if (LIBC.setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, tv, 16) != 0) throw new IOException("SO_RCVTIMEO: errno " + errno());
        ByteBuffer buf = ByteBuffer.allocateDirect(4096);
        long n = LIBC.recv(fd, buf, buf.capacity(), 0);
        if (n < 0) {
            if (errno() == EAGAIN) return Optional.empty();
            throw new IOException("recv: errno " + errno());
        }
        byte[] bytes = new byte[(int) n];
        buf.get(0, bytes);
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    private static int errno() {
        return Runtime.getRuntime(LIBC).getLastError();
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }
}
