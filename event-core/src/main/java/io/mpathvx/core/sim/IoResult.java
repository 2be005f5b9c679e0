package io.mpathvx.core.sim;

/** What became of I/O submitted to a simulated multipath map. */
public enum IoResult {
    /** A usable path carried it. */
    COMPLETED,
    /** No usable path, queue_if_no_path on: the I/O waits. */
    QUEUED,
    /** No usable path and no queueing: the I/O failed with EIO. */
    FAILED
}
