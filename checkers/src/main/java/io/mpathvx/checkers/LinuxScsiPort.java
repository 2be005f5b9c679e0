package io.mpathvx.checkers;

import io.mpathvx.core.kernel.ScsiPort;
import io.mpathvx.core.kernel.ScsiReply;
import jnr.ffi.Pointer;

import java.io.IOException;

import static io.mpathvx.checkers.LinuxNative.*;

/**
 * {@link ScsiPort} over the SG_IO ioctl: opens {@code /dev/<disk>} read-only and non-blocking for each command, as
 * multipathd's prioritizers do on the path's fd. Blocking; any worker thread.
 */
public final class LinuxScsiPort implements ScsiPort {
    private static final int SENSE_LEN = 32;
    private static final int SG_RESID = 72;

    @Override
    public ScsiReply execute(String disk, byte[] cdb, int allocationLength, int timeoutMillis) throws IOException {
        if (disk.contains("/")) throw new IOException("not a disk name: " + disk);
        int fd = libc().open("/dev/" + disk, O_RDONLY | O_NONBLOCK | O_CLOEXEC, 0);
        if (fd < 0) throw new IOException("open /dev/" + disk + ": errno " + errno());
        Pointer hdr = direct(SG_HDR_SIZE);
        Pointer cmd = direct(16);
        Pointer sense = direct(SENSE_LEN);
        Pointer data = allocationLength > 0 ? allocAligned(allocationLength) : null;
        try {
            cmd.put(0, cdb, 0, Math.min(16, cdb.length));
            hdr.putInt(SG_INTERFACE_ID, 'S');
            hdr.putInt(SG_DXFER_DIRECTION, data == null ? SG_DXFER_NONE : SG_DXFER_FROM_DEV);
            hdr.putByte(SG_CMD_LEN, (byte) Math.min(16, cdb.length));
            hdr.putByte(SG_MX_SB_LEN, (byte) SENSE_LEN);
            hdr.putInt(SG_DXFER_LEN, Math.max(0, allocationLength));
            hdr.putLong(SG_DXFERP, data == null ? 0 : data.address());
            hdr.putLong(SG_CMDP, cmd.address());
            hdr.putLong(SG_SBP, sense.address());
            hdr.putInt(SG_TIMEOUT, Math.max(1, timeoutMillis));
            if (libc().ioctl(fd, SG_IO, hdr) < 0) throw new IOException("SG_IO on /dev/" + disk + ": errno " + errno());
            int sbLen = Math.min(SENSE_LEN, hdr.getByte(SG_SB_LEN_WR) & 0xff);
            byte[] sb = new byte[sbLen];
            sense.get(0, sb, 0, sbLen);
            int got = data == null ? 0 : Math.max(0, Math.min(allocationLength, allocationLength - hdr.getInt(SG_RESID)));
            byte[] in = new byte[got];
            if (got > 0) data.get(0, in, 0, got);
            int status = hdr.getByte(SG_STATUS) & 0xff;
            int host = hdr.getShort(SG_HOST_STATUS) & 0xffff;
            // a transport failure without SCSI status is no answer from the device
            if (status == 0 && host != 0) throw new IOException("SG_IO on /dev/" + disk + ": host status " + host);
            return new ScsiReply(status, sb, in);
        } finally {
            if (data != null) LinuxNative.free(data);
            libc().close(fd);
        }
    }
}
