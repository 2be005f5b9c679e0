package io.mpathvx.core.kernel;

import java.io.IOException;

/**
 * SCSI commands to a disk, as SG_IO sends them (the pass-through multipathd's prioritizers and checkers use).
 * Every call blocks on the device: call it from a worker, never from the event loop.
 */
public interface ScsiPort {
    /**
     * Sends {@code cdb} to {@code /dev/<disk>} with a data-in buffer of {@code allocationLength} bytes.
     *
     * @throws IOException when the device cannot be opened or the ioctl fails (no SCSI answer at all)
     */
    ScsiReply execute(String disk, byte[] cdb, int allocationLength, int timeoutMillis) throws IOException;
}
