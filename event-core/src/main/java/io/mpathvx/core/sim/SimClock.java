package io.mpathvx.core.sim;

import java.time.Duration;

/**
 * The simulated kernel's only notion of time: it moves when a test (or the --sim driver) advances it, never by
 * itself, so anything time-based in the simulation is deterministic.
 */
public final class SimClock {
    private long nanos;

    /** Nanoseconds since the clock was made. */
    public synchronized long nanos() {
        return nanos;
    }

    public synchronized void advance(Duration by) {
        if (by.isNegative()) throw new IllegalArgumentException("time does not go back: " + by);
        nanos += by.toNanos();
        notifyAll();
    }
}
