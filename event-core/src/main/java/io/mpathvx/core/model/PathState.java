package io.mpathvx.core.model;

/** A path checker's verdict on a path, with multipathd's meanings. */
public enum PathState {
    /** Not checked yet. */
    UNCHECKED,
    /** The checker could not reach the device or it reported an error. */
    DOWN,
    /** Usable. */
    UP,
    /** Reachable but not usable for I/O now (ALUA standby): kept in the map, not used. */
    GHOST,
    /** A check is in flight or the device is transitioning. */
    PENDING,
    /** Up, but only just recovered; held back before reinstating (delay_watch_checks). */
    SHAKY,
    /** Up, but reinstating is delayed (delay_wait_checks / marginal path handling). */
    DELAYED,
    /** The check did not finish within checker_timeout. */
    TIMEOUT,
    /** The device is gone. */
    REMOVED,
    /** The checker state is unknown because the path is not ours (e.g. blacklisted). */
    WILD;

    /** Whether a path in this state may carry I/O. */
    public boolean usable() {
        return this == UP || this == GHOST;
    }
}
