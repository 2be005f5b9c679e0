package io.mpathvx.api;

import io.mpathvx.reconciler.desired.DesiredMap;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.logging.Logger;

/**
 * A path left out of its map (size unknown or different) is read again a few times with growing delays: a disk that
 * was just added can show its size a moment after its add uevent, and no further uevent may come. Likewise a path
 * whose WWID waits for udevd (which sends us no event when it has processed the device): read again until udev's
 * record is there or discovery falls back ({@link io.mpathvx.uevent.PathDiscovery#UDEV_WAIT}). Loop-only.
 */
final class RefusedPathRechecker {
    private static final Logger LOG = Logger.getLogger(RefusedPathRechecker.class.getName());
    static final int RECHECKS = 5;
    private static final long FIRST_DELAY_MS = 500;

    private final Vertx vertx;
    private final Predicate<String> known;
    private final Consumer<String> lookup;
    private final Map<String, Integer> attempts = new HashMap<>();
    /** Paths whose WWID waits for udev, with their recheck count. */
    private final Map<String, Integer> udevWaits = new HashMap<>();
    /** Rechecks for udev: 250 ms doubling to 4 s, enough to pass discovery's wait of 30 s. */
    static final int UDEV_RECHECKS = 14;

    /**
     * @param known  whether a path is still there
     * @param lookup reads a path again (its answer goes the way of a uevent's)
     */
    RefusedPathRechecker(Vertx vertx, Predicate<String> known, Consumer<String> lookup) {
        this.vertx = vertx;
        this.known = known;
        this.lookup = lookup;
    }

    /** The path was left out of its map again. */
    void refused(DesiredMap.Refused refused) {
        String name = refused.path();
        int attempt = attempts.merge(name, 1, Integer::sum);
        if (attempt > RECHECKS || !known.test(name)) return;
        if (attempt == 1) LOG.warning(() -> "path " + name + " left out of its map: " + refused.reason());
        vertx.setTimer(FIRST_DELAY_MS << (attempt - 1), id -> {
            if (known.test(name)) lookup.accept(name);
        });
    }

    /** The path's WWID waits for udev: read it again soon (once per answer; the chain ends when udev answers). */
    void awaitUdev(String name) {
        int attempt = udevWaits.merge(name, 1, Integer::sum);
        if (attempt > UDEV_RECHECKS || !known.test(name)) return;
        vertx.setTimer(Math.min(4000, 250L << (attempt - 1)), id -> {
            if (known.test(name)) lookup.accept(name);
        });
    }

    /** The path is in its map now (a later refusal starts over), or gone. */
    void forget(String name) {
        attempts.remove(name);
        udevWaits.remove(name);
    }
}
