package io.mpathvx.dm;

import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.Errno;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;

/** /dev/mapper/control opened O_RDWR|O_CLOEXEC, ioctls through libc. */
final class NativeControlFile implements ControlFile {
    private final Libc libc = Libc.get();
    private final int fd;
    private final AtomicBoolean closed = new AtomicBoolean();

    private NativeControlFile(int fd) {
        this.fd = fd;
    }

    static NativeControlFile open(String path) throws DmException {
        Libc libc = Libc.get();
        int fd = libc.open(path, Libc.O_RDWR | Libc.O_CLOEXEC);
        if (fd < 0) throw new DmException("open", null, Errno.of(Libc.errno()), path);
        return new NativeControlFile(fd);
    }

    @Override
    public int ioctl(long request, ByteBuffer buf) {
        if (!buf.isDirect()) throw new IllegalArgumentException("ioctl buffers must be direct");
        if (closed.get()) return Errno.EBADF.number();
        int rc = libc.ioctl(fd, request, buf);
        return rc < 0 ? Libc.errno() : 0;
    }

    @Override
    public int fd() {
        return fd;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) libc.close(fd);
    }
}
