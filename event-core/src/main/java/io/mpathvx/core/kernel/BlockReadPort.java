package io.mpathvx.core.kernel;

import java.io.IOException;
import java.time.Duration;

/**
 * Timed direct reads from a path's block device, as multipathd's path_latency prioritizer does them (one logical block
 * at offset 0 with O_DIRECT). Every call blocks on the device: call it from a worker, never from the event loop.
 */
public interface BlockReadPort {
    /**
     * Reads the first logical block of {@code /dev/<disk>} bypassing the page cache.
     *
     * @return how long the read took
     * @throws IOException when the device cannot be opened or the read fails or comes back short
     */
    Duration timedRead(String disk) throws IOException;
}
