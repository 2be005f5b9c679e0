package io.mpathvx.checkers;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.byref.PointerByReference;

/**
 * Every native call, constant and struct offset of the checkers module, in one place (x86_64 Linux). Linux AIO has
 * no glibc wrappers, so io_* go through syscall(2).
 */
final class LinuxNative {
    // syscall numbers, x86_64
    static final long SYS_IO_SETUP = 206;
    static final long SYS_IO_DESTROY = 207;
    static final long SYS_IO_GETEVENTS = 208;
    static final long SYS_IO_SUBMIT = 209;
    static final long SYS_IO_CANCEL = 210;

    // open(2) flags, x86_64
    static final int O_RDONLY = 0;
    static final int O_NONBLOCK = 0x800;
    static final int O_DIRECT = 0x4000;
    static final int O_CLOEXEC = 0x80000;

    // eventfd(2)
    static final int EFD_NONBLOCK = 0x800;
    static final int EFD_CLOEXEC = 0x80000;

    // ioctls
    static final long BLKSSZGET = 0x1268;
    static final long SG_IO = 0x2285;

    static final int EAGAIN = 11;
    static final int EINTR = 4;

    // struct iocb (64 bytes)
    static final int IOCB_SIZE = 64;
    static final int IOCB_DATA = 0;
    static final int IOCB_OPCODE = 16;
    static final int IOCB_FILDES = 20;
    static final int IOCB_BUF = 24;
    static final int IOCB_NBYTES = 32;
    static final int IOCB_OFFSET = 40;
    static final int IOCB_FLAGS = 56;
    static final int IOCB_RESFD = 60;
    static final short IOCB_CMD_PREAD = 0;
    static final int IOCB_FLAG_RESFD = 1;

    // struct io_event (32 bytes)
    static final int IO_EVENT_SIZE = 32;
    static final int IO_EVENT_DATA = 0;
    static final int IO_EVENT_RES = 16;

    // struct sg_io_hdr (88 bytes)
    static final int SG_HDR_SIZE = 88;
    static final int SG_INTERFACE_ID = 0;
    static final int SG_DXFER_DIRECTION = 4;
    static final int SG_CMD_LEN = 8;
    static final int SG_MX_SB_LEN = 9;
    static final int SG_DXFER_LEN = 12;
    static final int SG_DXFERP = 16;
    static final int SG_CMDP = 24;
    static final int SG_SBP = 32;
    static final int SG_TIMEOUT = 40;
    static final int SG_STATUS = 64;
    static final int SG_SB_LEN_WR = 67;
    static final int SG_HOST_STATUS = 68;
    static final int SG_DRIVER_STATUS = 70;
    static final int SG_INFO = 80;
    static final int SG_DXFER_NONE = -1;
    static final int SG_DXFER_FROM_DEV = -3;

    static final int PAGE = 4096;

    public interface LibC {
        @SaveError
        long syscall(long number, long a1, long a2, long a3, long a4, long a5);

        @SaveError
        int open(String path, int flags, int mode);

        @SaveError
        int close(int fd);

        @SaveError
        long read(int fd, Pointer buf, long count);

        @SaveError
        long write(int fd, Pointer buf, long count);

        @SaveError
        int ioctl(int fd, long request, Pointer arg);

        @SaveError
        int eventfd(int initval, int flags);

        int posix_memalign(PointerByReference out, long alignment, long size);

        void free(Pointer p);
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    private LinuxNative() {
    }

    static LibC libc() {
        return Holder.LIBC;
    }

    static Runtime runtime() {
        return Holder.RUNTIME;
    }

    static int errno() {
        return Holder.RUNTIME.getLastError();
    }

    /** Native memory aligned to a page (O_DIRECT needs logical-block alignment), zeroed; release with {@link #free}. */
    static Pointer allocAligned(long size) {
        PointerByReference ref = new PointerByReference();
        int rc = libc().posix_memalign(ref, PAGE, size);
        if (rc != 0) throw new OutOfMemoryError("posix_memalign(" + size + ") failed: errno " + rc);
        Pointer p = ref.getValue();
        p.setMemory(0, size, (byte) 0);
        return p;
    }

    static void free(Pointer p) {
        libc().free(p);
    }

    static Pointer wrap(long address) {
        return Pointer.wrap(runtime(), address);
    }

    static Pointer direct(int size) {
        return Memory.allocateDirect(runtime(), size, true);
    }

    /** A non-blocking, close-on-exec eventfd. */
    static int eventfd() {
        int fd = libc().eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        if (fd < 0) throw new NativeException("eventfd", errno());
        return fd;
    }
}
