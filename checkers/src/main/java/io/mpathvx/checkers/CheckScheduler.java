package io.mpathvx.checkers;

import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.PathState;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs each path's checker periodically, on the event loop, with multipathd's timing rules:
 * <ul>
 * <li>a path is checked every {@code polling_interval};</li>
 * <li>a path that stays UP or GHOST has its interval doubled after each check, up to {@code max_polling_interval}
 * (multipathd check_path: "double the next check delay");</li>
 * <li>any change of the checker's verdict resets the interval to {@code polling_interval}; paths that stay down
 * keep {@code polling_interval};</li>
 * <li>PENDING is no verdict: the path is checked again after one second (or polling_interval if shorter);</li>
 * <li>each path gets its own phase in the interval (a golden-ratio sequence), so N paths added at once are checked
 * evenly over the interval, not in one burst;</li>
 * <li>a path never has two checks in flight; a hung check delays only its own path.</li>
 * </ul>
 * Every result goes to the consumer given at construction (the path state machine). Not thread-safe: use on the loop.
 */
public final class CheckScheduler implements AutoCloseable {
    private static final double GOLDEN = 0.6180339887498949;
    private static final long PENDING_RECHECK_MS = 1000;

    private final CheckTimer timer;
    private final long baseMs;
    private final long maxMs;
    private final Consumer<CheckResult> results;
    private final Map<String, Entry> entries = new HashMap<>();
    private long slot;
    private boolean closed;

    /**
     * @param pollingInterval    the base interval (multipath.conf polling_interval)
     * @param maxPollingInterval the longest interval for healthy paths (max_polling_interval, default 4 × base)
     * @param results            receives every check result, on the loop
     */
    public CheckScheduler(CheckTimer timer, Duration pollingInterval, Duration maxPollingInterval,
                          Consumer<CheckResult> results) {
        this.timer = Objects.requireNonNull(timer, "timer");
        this.results = Objects.requireNonNull(results, "results");
        this.baseMs = pollingInterval.toMillis();
        if (baseMs <= 0) throw new IllegalArgumentException("polling_interval must be positive: " + pollingInterval);
        this.maxMs = Math.max(baseMs, maxPollingInterval.toMillis());
    }

    /** Starts checking a path (replacing an earlier registration of the same name). */
    public void add(CheckTarget target, PathChecker checker) {
        if (closed) throw new IllegalStateException("scheduler closed");
        remove(target.path());
        Entry e = new Entry(target, checker);
        entries.put(target.path(), e);
        double frac = (slot++ * GOLDEN) % 1.0;
        long phase = (long) (frac * baseMs);
        e.arm(timer.nowMillis() + phase);
    }

    /** Stops checking a path and tells its checker to forget it. A result still in flight is dropped. */
    public void remove(String path) {
        Entry e = entries.remove(path);
        if (e == null) return;
        e.removed = true;
        if (e.timerId >= 0) timer.cancel(e.timerId);
        e.checker.forget(path);
    }

    /**
     * Checks a path as soon as possible (e.g. after a uevent or a dm event said it failed) and resets its interval.
     * If a check is in flight, the next one starts when it ends.
     */
    public void checkSoon(String path) {
        Entry e = entries.get(path);
        if (e == null) return;
        e.intervalMs = baseMs;
        if (e.inFlight) {
            e.soon = true;
        } else {
            e.arm(timer.nowMillis());
        }
    }

    /** The path's current check interval, if scheduled. */
    public Optional<Duration> interval(String path) {
        Entry e = entries.get(path);
        return e == null ? Optional.empty() : Optional.of(Duration.ofMillis(e.intervalMs));
    }

    /** The checker's last verdict for a path (UNCHECKED before the first). */
    public Optional<PathState> lastState(String path) {
        Entry e = entries.get(path);
        return e == null ? Optional.empty() : Optional.of(e.last);
    }

    public int size() {
        return entries.size();
    }

    @Override
    public void close() {
        closed = true;
        for (String p : entries.keySet().toArray(String[]::new)) remove(p);
    }

    private final class Entry {
        final CheckTarget target;
        final PathChecker checker;
        long intervalMs = baseMs;
        long timerId = -1;
        long startedAt;
        boolean inFlight;
        boolean soon;
        boolean removed;
        PathState last = PathState.UNCHECKED;

        Entry(CheckTarget target, PathChecker checker) {
            this.target = target;
            this.checker = checker;
        }

        void arm(long dueAt) {
            if (timerId >= 0) timer.cancel(timerId);
            long delay = Math.max(0, dueAt - timer.nowMillis());
            timerId = timer.schedule(delay, this::fire);
        }

        void fire() {
            timerId = -1;
            if (removed || inFlight) return;
            inFlight = true;
            startedAt = timer.nowMillis();
            try {
                checker.check(target).onComplete(ar -> done(ar.succeeded() ? ar.result()
                        : new CheckResult(target.path(), target.devt(), PathState.DOWN,
                        checker.name() + " checker failed: " + ar.cause())));
            } catch (RuntimeException ex) {
                done(new CheckResult(target.path(), target.devt(), PathState.DOWN,
                        checker.name() + " checker failed: " + ex));
            }
        }

        void done(CheckResult r) {
            if (removed) return;
            inFlight = false;
            PathState s = r.state();
            long next;
            if (s == PathState.PENDING) {
                next = startedAt + Math.min(PENDING_RECHECK_MS, baseMs);
            } else {
                if (s != last) {
                    intervalMs = baseMs;
                } else if (s == PathState.UP || s == PathState.GHOST) {
                    intervalMs = intervalMs < maxMs / 2 ? intervalMs * 2 : maxMs;
                } else {
                    intervalMs = baseMs;
                }
                last = s;
                next = startedAt + intervalMs;
            }
            if (soon) {
                soon = false;
                next = timer.nowMillis();
            }
            results.accept(r);
            if (!removed && !closed) arm(next);
        }
    }
}
