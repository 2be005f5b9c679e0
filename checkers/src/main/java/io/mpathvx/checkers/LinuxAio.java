package io.mpathvx.checkers;

import jnr.ffi.Pointer;

import static io.mpathvx.checkers.LinuxNative.*;

/** {@link AioPort} over the real kernel. The scratch memory is used only on the event loop (single-threaded). */
final class LinuxAio implements AioPort {
    private static final int MAX_EVENTS = 128;
    private final Pointer scratch = direct(16);          // io_setup's ctx out-param / io_submit's iocb* array
    private final Pointer zeroTimeout = direct(16);      // struct timespec {0, 0}
    private final Pointer events = direct(MAX_EVENTS * IO_EVENT_SIZE);
    private final Pointer cancelResult = direct(IO_EVENT_SIZE);
    private final Pointer counter = direct(8);

    @Override
    public long setup(int nrEvents) {
        scratch.putLong(0, 0);
        long rc = libc().syscall(SYS_IO_SETUP, nrEvents, scratch.address(), 0, 0, 0);
        if (rc < 0) throw new NativeException("io_setup", errno());
        return scratch.getLong(0);
    }

    @Override
    public void destroy(long ctx) {
        long rc = libc().syscall(SYS_IO_DESTROY, ctx, 0, 0, 0, 0);
        if (rc < 0) throw new NativeException("io_destroy", errno());
    }

    @Override
    public int eventFd() {
        return eventfd();
    }

    @Override
    public long drainEventFd(int fd) {
        long n = libc().read(fd, counter, 8);
        return n == 8 ? counter.getLong(0) : 0;
    }

    @Override
    public int openDirect(String devNode) {
        int fd = libc().open(devNode, O_RDONLY | O_DIRECT | O_NONBLOCK | O_CLOEXEC, 0);
        if (fd < 0) throw new NativeException("open " + devNode, errno());
        return fd;
    }

    @Override
    public int blockSize(int fd) {
        Pointer out = direct(8);
        if (libc().ioctl(fd, BLKSSZGET, out) < 0) {
            // Not a block device (a file in tests): 512 is O_DIRECT's usual minimum; the page size is always safe.
            return PAGE;
        }
        int bs = out.getInt(0);
        return bs > 0 && bs <= PAGE ? bs : PAGE;
    }

    @Override
    public void closeFd(int fd) {
        libc().close(fd);
    }

    @Override
    public AioBuffer allocate(int length) {
        // buffer in the first page(s), iocb right after: one allocation per request
        long bufBytes = ((length + PAGE - 1) / PAGE) * (long) PAGE;
        Pointer p = allocAligned(bufBytes + IOCB_SIZE);
        return new AioBuffer(p.address(), length);
    }

    private static long iocbAddress(AioBuffer b) {
        return b.address() + ((b.length() + PAGE - 1) / PAGE) * (long) PAGE;
    }

    @Override
    public void free(AioBuffer buffer) {
        LinuxNative.free(wrap(buffer.address()));
    }

    @Override
    public int submitRead(long ctx, AioBuffer b, int fd, long userData, int resfd) {
        long iocbAddr = iocbAddress(b);
        Pointer iocb = wrap(iocbAddr);
        iocb.setMemory(0, IOCB_SIZE, (byte) 0);
        iocb.putLong(IOCB_DATA, userData);
        iocb.putShort(IOCB_OPCODE, IOCB_CMD_PREAD);
        iocb.putInt(IOCB_FILDES, fd);
        iocb.putLong(IOCB_BUF, b.address());
        iocb.putLong(IOCB_NBYTES, b.length());
        iocb.putLong(IOCB_OFFSET, 0);
        iocb.putInt(IOCB_FLAGS, IOCB_FLAG_RESFD);
        iocb.putInt(IOCB_RESFD, resfd);
        scratch.putLong(0, iocbAddr);
        long rc = libc().syscall(SYS_IO_SUBMIT, ctx, 1, scratch.address(), 0, 0);
        if (rc == 1) return 0;
        return rc < 0 ? -errno() : -EAGAIN;
    }

    @Override
    public int cancel(long ctx, AioBuffer b) {
        long rc = libc().syscall(SYS_IO_CANCEL, ctx, iocbAddress(b), cancelResult.address(), 0, 0);
        return rc == 0 ? 0 : -errno();
    }

    @Override
    public int getEvents(long ctx, long[] data, long[] res) {
        int max = Math.min(MAX_EVENTS, Math.min(data.length, res.length));
        long n;
        do {
            n = libc().syscall(SYS_IO_GETEVENTS, ctx, 0, max, events.address(), zeroTimeout.address());
        } while (n < 0 && errno() == EINTR);
        if (n < 0) throw new NativeException("io_getevents", errno());
        for (int i = 0; i < n; i++) {
            data[i] = events.getLong((long) i * IO_EVENT_SIZE + IO_EVENT_DATA);
            res[i] = events.getLong((long) i * IO_EVENT_SIZE + IO_EVENT_RES);
        }
        return (int) n;
    }
}
