package io.mpathvx.checkers;

import io.vertx.core.Vertx;

/**
 * Time and one-shot timers for the scheduler and the checkers' timeouts; a seam so tests drive time by hand.
 * All methods are called on the event loop and tasks run on it.
 */
public interface CheckTimer {
    /** Monotonic milliseconds. */
    long nowMillis();

    /** Runs {@code task} on the loop after {@code delayMillis} (0 = as soon as possible, never within the call); returns an id for {@link #cancel}. */
    long schedule(long delayMillis, Runnable task);

    void cancel(long id);

    /**
     * A timer wheel with {@code tickMillis} resolution driven by one Vert.x timer at a time, armed while any task is
     * pending; at most {@code budget} tasks per loop turn. Call from the loop context so the tasks run on it.
     */
    static CheckTimer wheel(Vertx vertx, long tickMillis, int budget) {
        return new WheelTimer(vertx, tickMillis, budget);
    }

    /** The daemon's wheel: 50 ms ticks (checks are seconds apart), at most 512 checks or timeouts per loop turn. */
    static CheckTimer wheel(Vertx vertx) {
        return wheel(vertx, 50, 512);
    }
}
