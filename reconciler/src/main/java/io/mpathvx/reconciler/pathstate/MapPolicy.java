package io.mpathvx.reconciler.pathstate;

import io.mpathvx.core.config.Failback;
import io.mpathvx.core.config.NoPathRetry;

import java.time.Duration;
import java.util.Objects;

/**
 * The configuration of one map that the path state machine acts on.
 *
 * @param noPathRetry     what to do when no path is usable: queue, fail or a retry count (undef is refused, as the
 *                        machine has no rule for it)
 * @param failback        when to go back to the best path group
 * @param pollingInterval the checker interval; no_path_retry counts in these
 * @param queueIfNoPath   whether the map's configured features want {@code queue_if_no_path}; recovery mode (and so
 *                        {@code fail_if_no_path}/{@code queue_if_no_path} messages) only applies when true
 */
public record MapPolicy(NoPathRetry noPathRetry, Failback failback, Duration pollingInterval, boolean queueIfNoPath) {
    /** multipath-tools' defaults without queueing: no_path_retry fail, failback manual, polling_interval 5 s. */
    public static final MapPolicy DEFAULT = new MapPolicy(NoPathRetry.FAIL, Failback.MANUAL, Duration.ofSeconds(5), false);

    public MapPolicy {
        Objects.requireNonNull(noPathRetry, "noPathRetry");
        if (noPathRetry.kind() == NoPathRetry.Kind.UNDEF)
            throw new IllegalArgumentException("no_path_retry must be queue, fail or a number >= 0: 'undef'");
        Objects.requireNonNull(failback, "failback");
        Objects.requireNonNull(pollingInterval, "pollingInterval");
        if (pollingInterval.isNegative() || pollingInterval.isZero())
            throw new IllegalArgumentException("polling interval must be positive: " + pollingInterval);
    }

    /** Whether this machine runs recovery mode for the map: a retry count, with queueing wanted. */
    boolean countsRetries() {
        return queueIfNoPath && noPathRetry.kind() == NoPathRetry.Kind.RETRIES;
    }

    /** The time a map queues without a usable path before queueing is turned off. */
    Duration recoveryTime() {
        return pollingInterval.multipliedBy(noPathRetry.retries());
    }
}
