package io.mpathvx.reconciler;

import java.time.Duration;

/**
 * Retries of failed WWIDs (loop-only): the attempt count and last error on the WWID's state, a retry after an
 * exponential delay (base, doubling per attempt, capped), and how many WWIDs are failing now, readable from any thread.
 */
final class Backoff {
    /** One-shot timers; the task must run on the loop. */
    @FunctionalInterface
    interface Timer {
        void schedule(long delayMillis, Runnable task);
    }

    private final Duration base;
    private final Duration max;
    private final Timer timer;
    private volatile int failing;

    Backoff(Duration base, Duration max, Timer timer) {
        this.base = base;
        this.max = max;
        this.timer = timer;
    }

    /** Delay before attempt {@code attempts + 1}. */
    long delayMillis(int attempts) {
        long ms = base.toMillis() << Math.min(attempts - 1, 20);
        return Math.max(1, Math.min(ms, max.toMillis()));
    }

    /** An attempt for {@code s} failed with {@code message}: {@code retry} runs after the backoff delay. */
    void failed(WwidState s, String message, Runnable retry) {
        if (s.attempts++ == 0) failing++;
        s.lastError = message;
        timer.schedule(delayMillis(s.attempts), retry);
    }

    /** {@code s} converged or is gone: whatever failed before no longer matters. */
    void cleared(WwidState s) {
        if (s.attempts > 0) failing--;
        s.attempts = 0;
        s.lastError = null;
    }

    /** How many WWIDs' last attempt failed; safe from any thread. */
    int failing() {
        return failing;
    }
}
