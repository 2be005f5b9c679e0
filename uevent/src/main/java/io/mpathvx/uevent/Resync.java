package io.mpathvx.uevent;

/**
 * Uevents were lost: only a full rescan of sysfs (and the dm map list) is correct now. Path attribute caches were
 * cleared before this is delivered.
 */
public record Resync(Reason reason, String detail) {
    public enum Reason {
        /** recv() reported ENOBUFS: the socket's receive buffer overflowed. */
        OVERFLOW,
        /** The kernel's SEQNUM jumped. */
        SEQNUM_GAP,
        /** The uevent source failed in some other way; the listener has stopped: rescan and start a new one. */
        SOURCE_ERROR
    }
}
