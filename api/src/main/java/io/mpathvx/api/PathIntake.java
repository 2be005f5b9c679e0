package io.mpathvx.api;

import io.mpathvx.checkers.CheckScheduler;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathState;
import io.mpathvx.reconciler.Reconciler;
import io.mpathvx.uevent.DiscoveredPath;
import io.mpathvx.uevent.PathDiscovery;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Paths coming in: the start-up inventory, lookup answers, a rescan after lost uevents and an operator's re-read go
 * into the snapshot and to the reconciler (whose path registry is the only one), each stamped with its checker's last
 * verdict; a removed path leaves the snapshot, the checkers and the rechecks. Loop-only.
 */
final class PathIntake {
    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());
    /** Paths taken in per loop turn at start-up. */
    static final int START_CHUNK = 1024;

    private final Context loop;
    private final PathDiscovery discovery;
    private final Executor sysfsPool;
    private final Reconciler reconciler;
    private final SnapshotPublisher publisher;
    private final DaemonSnapshot snapshot;
    private final CheckScheduler scheduler;
    private final TransportTimeoutWriter timeouts;
    private final RefusedPathRechecker rechecker;

    PathIntake(Context loop, PathDiscovery discovery, Executor sysfsPool, Reconciler reconciler,
               SnapshotPublisher publisher, DaemonSnapshot snapshot, CheckScheduler scheduler,
               TransportTimeoutWriter timeouts, RefusedPathRechecker rechecker) {
        this.loop = loop;
        this.discovery = discovery;
        this.sysfsPool = sysfsPool;
        this.reconciler = reconciler;
        this.publisher = publisher;
        this.snapshot = snapshot;
        this.scheduler = scheduler;
        this.timeouts = timeouts;
        this.rechecker = rechecker;
    }

    /** Whether a checker's answer says something about the path (PENDING, UNCHECKED and WILD do not). */
    static boolean verdict(PathState s) {
        return s != PathState.PENDING && s != PathState.UNCHECKED && s != PathState.WILD;
    }

    /** The start-up inventory, {@link #START_CHUNK} paths per loop turn; the paths for the reconciler's start. */
    Future<List<Path>> startup(List<DiscoveredPath> found) {
        return startup(found, 0, new ArrayList<>(found.size()));
    }

    private Future<List<Path>> startup(List<DiscoveredPath> found, int from, List<Path> into) {
        int to = Math.min(found.size(), from + START_CHUNK);
        for (int i = from; i < to; i++) into.add(remember(found.get(i)));
        if (to == found.size()) return Future.succeededFuture(into);
        Promise<List<Path>> next = Promise.promise();
        loop.runOnContext(v -> startup(found, to, into).onComplete(next));
        return next.future();
    }

    /** Lookup answers, in order per path (see {@link PathLookups}). */
    void onLookups(PathLookups.Changes changes) {
        List<Path> upserted = new ArrayList<>(changes.found().size());
        for (String name : changes.removed()) {
            if (publisher.knows(name)) LOG.info(() -> "path " + name + " removed");
            forget(name);
        }
        for (DiscoveredPath d : changes.found()) {
            if (!publisher.knows(d.name())) {
                LOG.info(() -> "path " + d.name() + " added: " + d.path().devt()
                        + (d.udevPending() ? " (WWID: waiting for udev)" : " wwid " + d.path().wwid()));
            }
            upserted.add(remember(d));
        }
        reconciler.onPaths(upserted, changes.removed());
    }

    /** Uevents were lost: every path is read again (on the sysfs pool); the ones not found are gone. */
    void rescan() {
        discovery.invalidateAll();
        Future.fromCompletionStage(discovery.scanAsync(sysfsPool, Daemon.SYSFS_WORKERS * 2, new PathDiscovery.ScanProgress()), loop)
                .onSuccess(this::rescanned).onFailure(e -> LOG.log(Level.WARNING, "rescan failed: " + e.getMessage(), e));
    }

    private void rescanned(List<DiscoveredPath> found) {
        Set<String> seen = new HashSet<>();
        List<Path> all = new ArrayList<>(found.size());
        for (DiscoveredPath d : found) {
            all.add(remember(d));
            seen.add(d.name());
        }
        for (DaemonSnapshot.PathView v : List.copyOf(snapshot.paths())) if (!seen.contains(v.name())) forget(v.name());
        reconciler.resync(all);
    }

    /** An operator's {@code resize map}: the paths read again (on the sysfs pool), to the reconciler if still known. */
    Future<Void> reread(List<String> names) {
        names.forEach(discovery::invalidate); // the size is cached with the stable attributes
        var read = CompletableFuture.supplyAsync(() -> {
            List<DiscoveredPath> found = new ArrayList<>();
            for (String n : names) {
                try {
                    discovery.discover(n).ifPresent(found::add);
                } catch (IOException e) {
                    // unreadable now: the map keeps its size
                }
            }
            return found;
        }, sysfsPool);
        return Future.fromCompletionStage(read, loop).map(found -> {
            List<Path> up = new ArrayList<>(found.size());
            for (DiscoveredPath d : found) if (publisher.knows(d.name())) up.add(remember(d.path()));
            reconciler.onResized(up);
            return null;
        });
    }

    /**
     * A path found or read again: into the snapshot, and for the reconciler with its checker's last verdict (a fresh
     * read knows none, and the next table of its map must not count a down path as working).
     */
    private Path remember(DiscoveredPath d) {
        if (d.udevPending()) rechecker.awaitUdev(d.name());
        return remember(d.path());
    }

    private Path remember(Path p) {
        publisher.path(p);
        PathState last = scheduler.lastState(p.name()).orElse(PathState.UNCHECKED);
        return verdict(last) ? p.withState(last) : p;
    }

    private void forget(String name) {
        rechecker.forget(name);
        scheduler.remove(name);
        timeouts.forget(name);
        publisher.removePath(name);
    }
}
