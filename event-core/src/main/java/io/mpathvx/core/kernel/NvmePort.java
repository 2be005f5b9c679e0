package io.mpathvx.core.kernel;

import java.io.IOException;

/**
 * NVMe admin commands to a namespace's block device, as multipathd's ana prioritizer and detect_prio send them
 * (libmultipath/nvme-lib.c: NVME_IOCTL_ADMIN_CMD and NVME_IOCTL_ID on the path's fd). Every call blocks on the
 * device: call it from a worker, never from the event loop.
 */
public interface NvmePort {
    /**
     * Sends an admin command to the controller behind {@code /dev/<disk>} with a data-in buffer of
     * {@code cmd.dataLength()} bytes.
     *
     * @throws IOException when the device cannot be opened or the ioctl fails (no NVMe completion at all)
     */
    NvmeReply admin(String disk, NvmeCommand cmd) throws IOException;

    /** The namespace id of {@code /dev/<disk>} (NVME_IOCTL_ID). */
    int namespaceId(String disk) throws IOException;
}
