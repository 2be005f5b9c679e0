package io.mpathvx.dm;

import java.nio.ByteBuffer;

/** An open /dev/mapper/control: the one seam between the dm logic and the kernel, so tests can fake the kernel. */
interface ControlFile extends AutoCloseable {
    /** Issues the ioctl; returns 0 on success, else the errno. */
    int ioctl(long request, ByteBuffer buf);

    /** The file descriptor, for readiness polling. */
    int fd();

    @Override
    void close();
}
