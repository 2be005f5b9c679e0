package io.mpathvx.checkers;

import io.mpathvx.core.kernel.NvmeCommand;
import io.mpathvx.core.kernel.NvmePort;
import io.mpathvx.core.kernel.NvmeReply;
import jnr.ffi.Pointer;

import java.io.IOException;

import static io.mpathvx.checkers.LinuxNative.*;

/**
 * {@link NvmePort} over NVME_IOCTL_ADMIN_CMD and NVME_IOCTL_ID on {@code /dev/<disk>} (include/uapi/linux/nvme_ioctl.h;
 * multipath-tools' nvme-ioctl.c), opened read-only for each command as multipathd's prioritizers use the path's fd.
 * Blocking; any worker thread.
 */
public final class LinuxNvmePort implements NvmePort {
    /** _IO('N', 0x40). */
    static final long NVME_IOCTL_ID = 0x4e40;
    /** _IOWR('N', 0x41, struct nvme_admin_cmd): 72 bytes. */
    static final long NVME_IOCTL_ADMIN_CMD = 0xc0484e41L;
    private static final int CMD_SIZE = 72;
    private static final int TIMEOUT_MS = 30_000;

    @Override
    public NvmeReply admin(String disk, NvmeCommand c) throws IOException {
        int fd = open(disk);
        Pointer cmd = direct(CMD_SIZE);
        Pointer data = c.dataLength() > 0 ? allocAligned(c.dataLength()) : null;
        try {
            cmd.putByte(0, (byte) c.opcode());
            cmd.putInt(4, c.nsid());
            cmd.putLong(24, data == null ? 0 : data.address());
            cmd.putInt(36, Math.max(0, c.dataLength()));
            cmd.putInt(40, c.cdw10());
            cmd.putInt(44, c.cdw11());
            cmd.putInt(48, c.cdw12());
            cmd.putInt(52, c.cdw13());
            cmd.putInt(64, TIMEOUT_MS);
            int rc = libc().ioctl(fd, NVME_IOCTL_ADMIN_CMD, cmd);
            if (rc < 0) throw new IOException("NVME_IOCTL_ADMIN_CMD on /dev/" + disk + ": errno " + errno());
            byte[] in = new byte[data == null ? 0 : c.dataLength()];
            if (data != null) data.get(0, in, 0, in.length);
            return new NvmeReply(rc, rc == 0 ? in : null);   // a positive answer is the NVMe status
        } finally {
            if (data != null) LinuxNative.free(data);
            libc().close(fd);
        }
    }

    @Override
    public int namespaceId(String disk) throws IOException {
        int fd = open(disk);
        try {
            int nsid = libc().ioctl(fd, NVME_IOCTL_ID, null);
            if (nsid < 0) throw new IOException("NVME_IOCTL_ID on /dev/" + disk + ": errno " + errno());
            return nsid;
        } finally {
            libc().close(fd);
        }
    }

    private static int open(String disk) throws IOException {
        if (disk.contains("/")) throw new IOException("not a disk name: " + disk);
        int fd = libc().open("/dev/" + disk, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
        if (fd < 0) throw new IOException("open /dev/" + disk + ": errno " + errno());
        return fd;
    }
}
