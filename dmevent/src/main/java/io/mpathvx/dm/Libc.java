package io.mpathvx.dm;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.u_int64_t;

import java.nio.ByteBuffer;

/** The few libc calls dmevent needs, bound with jnr-ffi. jnr-posix has no mknod, so it is bound here too. */
public interface Libc {
    int O_RDWR = 0x2;
    int O_CLOEXEC = 0x80000;
    int S_IFBLK = 0x6000;

    @SaveError
    int open(String path, int flags);

    @SaveError
    int close(int fd);

    /** The third argument is a pointer; passing it as a fixed argument is correct for variadic ioctl on x86_64. */
    @SaveError
    int ioctl(int fd, @u_int64_t long request, @In @Out ByteBuffer buf);

    @SaveError
    int mknod(String path, int mode, @u_int64_t long dev);

    @SaveError
    int unlink(String path);

    /** The process-wide binding (loading is expensive; the binding is thread-safe). */
    static Libc get() {
        return Holder.LIBC;
    }

    /** errno of the last call on this thread. */
    static int errno() {
        return Runtime.getRuntime(Holder.LIBC).getLastError();
    }

    final class Holder {
        private Holder() {
        }

        static final Libc LIBC = LibraryLoader.create(Libc.class).load("c");
    }
}
