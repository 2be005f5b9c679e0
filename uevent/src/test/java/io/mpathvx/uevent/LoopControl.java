package io.mpathvx.uevent;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.SaveError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Creates and removes loop block devices through /dev/loop-control: a real kernel add/remove uevent source that
 * needs no guest (the build machine has no device-mapper). Root only.
 */
final class LoopControl implements AutoCloseable {
    private static final long LOOP_CTL_ADD = 0x4C80;
    private static final long LOOP_CTL_REMOVE = 0x4C81;
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;

    public interface LibC {
        @SaveError
        int open(String path, int flags);

        @SaveError
        int ioctl(int fd, long request, long arg);

        int close(int fd);
    }

    private static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    private final int fd;

    LoopControl() throws IOException {
        fd = LIBC.open("/dev/loop-control", O_RDWR | O_CLOEXEC);
        if (fd < 0) throw new IOException("open /dev/loop-control failed (needs root)");
    }

    static boolean available() {
        return Files.isWritable(Path.of("/dev/loop-control"));
    }

    /** A loop number in 200..999 that does not exist now. */
    static int freeNumber(Random random) {
        for (int i = 0; i < 1000; i++) {
            int n = 200 + random.nextInt(800);
            if (!Files.exists(Path.of("/sys/block/loop" + n))) return n;
        }
        throw new IllegalStateException("no free loop number");
    }

    void add(int n) throws IOException {
        if (LIBC.ioctl(fd, LOOP_CTL_ADD, n) < 0) throw new IOException("LOOP_CTL_ADD " + n + " failed");
    }

    void remove(int n) throws IOException {
        if (LIBC.ioctl(fd, LOOP_CTL_REMOVE, n) < 0) throw new IOException("LOOP_CTL_REMOVE " + n + " failed");
    }

    /** Removes the device if it is there; for cleanup. */
    void removeQuietly(int n) {
        if (Files.exists(Path.of("/sys/block/loop" + n))) LIBC.ioctl(fd, LOOP_CTL_REMOVE, n);
    }

    @Override
    public void close() {
        LIBC.close(fd);
    }
}
