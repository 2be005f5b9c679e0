package io.mpathvx.checkers;

/**
 * The Linux AIO and file calls the directio checker makes; a seam so tests can use a fake kernel. All methods but
 * {@link #openDirect}, {@link #blockSize}, {@link #closeFd} and {@link #destroy} are non-blocking and called on the
 * event loop; those four are called on a worker.
 */
interface AioPort {
    /** io_setup: a new context for up to {@code nrEvents} requests. */
    long setup(int nrEvents);

    /** io_destroy (slow: waits an RCU grace period). */
    void destroy(long ctx);

    /** A non-blocking eventfd that completions signal (IOCB_FLAG_RESFD). */
    int eventFd();

    /** Reads and resets the eventfd counter; 0 if nothing was signalled. */
    long drainEventFd(int fd);

    /** open(O_RDONLY|O_DIRECT|O_NONBLOCK|O_CLOEXEC); throws NativeException. */
    int openDirect(String devNode);

    /** The device's logical block size (BLKSSZGET, = queue/logical_block_size). */
    int blockSize(int fd);

    void closeFd(int fd);

    /** A page-aligned read buffer of {@code length} bytes plus the iocb that reads into it. */
    AioBuffer allocate(int length);

    void free(AioBuffer buffer);

    /** io_submit of one PREAD of the buffer's length at offset 0; returns 0 or -errno. */
    int submitRead(long ctx, AioBuffer buffer, int fd, long userData, int resfd);

    /** io_cancel; returns 0 (cancelled, no event will come) or -errno (EINPROGRESS/EINVAL/EAGAIN: the event may still come). */
    int cancel(long ctx, AioBuffer buffer);

    /**
     * io_getevents with min 0 and a zero timeout: never waits. Fills {@code data} (the submitted user data) and
     * {@code res} (bytes read or -errno); returns the count.
     */
    int getEvents(long ctx, long[] data, long[] res);

    /** Native memory of one request: the read buffer and, after it, its iocb. */
    record AioBuffer(long address, int length) {
    }
}
