package io.mpathvx.checkers;

import io.vertx.core.Vertx;

/**
 * Time and one-shot timers for the scheduler and the checkers' timeouts; a seam so tests drive time by hand.
 * All methods are called on the event loop and tasks run on it.
 */
public interface CheckTimer {
    /** Monotonic milliseconds. */
    long nowMillis();

    /** Runs {@code task} on the loop after {@code delayMillis} (0 = next turn); returns an id for {@link #cancel}. */
    long schedule(long delayMillis, Runnable task);

    void cancel(long id);

    /** Vert.x timers; call from the loop context so the tasks run on it. */
    static CheckTimer vertx(Vertx vertx) {
        return new CheckTimer() {
            @Override
            public long nowMillis() {
                return System.nanoTime() / 1_000_000L;
            }

            @Override
            public long schedule(long delayMillis, Runnable task) {
                return vertx.setTimer(Math.max(1, delayMillis), id -> task.run());
            }

            @Override
            public void cancel(long id) {
                vertx.cancelTimer(id);
            }
        };
    }
}
