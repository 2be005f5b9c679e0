package io.mpathvx.checkers;

import jnr.ffi.Pointer;

import static io.mpathvx.checkers.LinuxNative.*;

/** {@link SgPort} over the SG_IO ioctl. Each call allocates its own native memory: it runs on any worker thread. */
final class LinuxSg implements SgPort {
    private static final int SENSE_LEN = 32;

    @Override
    public int open(String devNode) {
        int fd = libc().open(devNode, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
        if (fd < 0) throw new NativeException("open " + devNode, errno());
        return fd;
    }

    @Override
    public int blockSize(int fd) {
        Pointer out = direct(8);
        if (libc().ioctl(fd, BLKSSZGET, out) < 0) return 512;
        int bs = out.getInt(0);
        return bs > 0 && bs <= 65536 ? bs : 512;
    }

    @Override
    public void close(int fd) {
        libc().close(fd);
    }

    @Override
    public SgOutcome testUnitReady(int fd, int timeoutMillis) {
        return execute(fd, new byte[]{0, 0, 0, 0, 0, 0}, 0, timeoutMillis);
    }

    @Override
    public SgOutcome readSector0(int fd, int blockSize, int timeoutMillis) {
        // READ(10): LBA 0, transfer length 1 block
        return execute(fd, new byte[]{0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0}, blockSize, timeoutMillis);
    }

    @Override
    public SgAnswer inquiry(int fd, boolean evpd, int page, int length, int timeoutMillis) {
        byte[] in = new byte[length];
        SgOutcome o = execute(fd, new byte[]{0x12, (byte) (evpd ? 1 : 0), (byte) page, (byte) (length >> 8),
                (byte) length, 0}, length, timeoutMillis, in);
        return new SgAnswer(o, in);
    }

    private static SgOutcome execute(int fd, byte[] cdb, int dataLen, int timeoutMillis) {
        return execute(fd, cdb, dataLen, timeoutMillis, null);
    }

    /** {@code into}: where the data-in bytes go (its length at most dataLen), or null to drop them. */
    private static SgOutcome execute(int fd, byte[] cdb, int dataLen, int timeoutMillis, byte[] into) {
        Pointer hdr = direct(SG_HDR_SIZE);
        Pointer cmd = direct(16);
        Pointer sense = direct(SENSE_LEN);
        Pointer data = dataLen > 0 ? allocAligned(dataLen) : null;
        try {
            cmd.put(0, cdb, 0, cdb.length);
            hdr.putInt(SG_INTERFACE_ID, 'S');
            hdr.putInt(SG_DXFER_DIRECTION, dataLen > 0 ? SG_DXFER_FROM_DEV : SG_DXFER_NONE);
            hdr.putByte(SG_CMD_LEN, (byte) cdb.length);
            hdr.putByte(SG_MX_SB_LEN, (byte) SENSE_LEN);
            hdr.putInt(SG_DXFER_LEN, dataLen);
            hdr.putLong(SG_DXFERP, data == null ? 0 : data.address());
            hdr.putLong(SG_CMDP, cmd.address());
            hdr.putLong(SG_SBP, sense.address());
            hdr.putInt(SG_TIMEOUT, Math.max(1, timeoutMillis));
            if (libc().ioctl(fd, SG_IO, hdr) < 0) return SgOutcome.failedIoctl(errno());
            if (into != null && data != null) data.get(0, into, 0, Math.min(into.length, dataLen));
            int sbLen = Math.min(SENSE_LEN, hdr.getByte(SG_SB_LEN_WR) & 0xff);
            byte[] sb = new byte[sbLen];
            sense.get(0, sb, 0, sbLen);
            return new SgOutcome(0, hdr.getByte(SG_STATUS) & 0xff, hdr.getShort(SG_HOST_STATUS) & 0xffff,
                    hdr.getShort(SG_DRIVER_STATUS) & 0xffff, hdr.getInt(SG_INFO), sb);
        } finally {
            if (data != null) LinuxNative.free(data);
        }
    }
}
