package io.mpathvx.checkers;

import io.mpathvx.core.kernel.BlockReadPort;
import jnr.ffi.Pointer;

import java.io.IOException;
import java.time.Duration;

import static io.mpathvx.checkers.LinuxNative.*;

/**
 * {@link BlockReadPort} as path_latency.c reads: {@code /dev/<disk>} opened with O_DIRECT, the block size from
 * BLKBSZGET (4096 when it fails), one block read at offset 0, timed with the monotonic clock. Blocking; any worker.
 */
public final class LinuxBlockReadPort implements BlockReadPort {
    /** _IOR(0x12, 112, size_t). */
    static final long BLKBSZGET = 0x80081270L;
    private static final int DEFAULT_BLOCK = 4096;

    @Override
    public Duration timedRead(String disk) throws IOException {
        if (disk.contains("/")) throw new IOException("not a disk name: " + disk);
        int fd = libc().open("/dev/" + disk, O_RDONLY | O_DIRECT | O_CLOEXEC, 0);
        if (fd < 0) throw new IOException("open /dev/" + disk + ": errno " + errno());
        Pointer size = direct(8);
        Pointer buf = null;
        try {
            int block = libc().ioctl(fd, BLKBSZGET, size) < 0 ? DEFAULT_BLOCK : size.getInt(0);
            if (block <= 0 || block > 1 << 16) block = DEFAULT_BLOCK;
            buf = allocAligned(block);
            long before = System.nanoTime();
            long n = libc().read(fd, buf, block);
            long took = System.nanoTime() - before;
            if (n != block) throw new IOException("read /dev/" + disk + ": " + (n < 0 ? "errno " + errno() : "short read " + n));
            return Duration.ofNanos(took);
        } finally {
            if (buf != null) LinuxNative.free(buf);
            libc().close(fd);
        }
    }
}
