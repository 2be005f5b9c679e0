package io.mpathvx.reconciler;

import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.mpathvx.reconciler.diff.ObservedMap;
import io.mpathvx.reconciler.exec.ActionExecutor;
import io.mpathvx.reconciler.exec.MapOutcome;
import io.mpathvx.reconciler.naming.BindingsFile;
import io.mpathvx.reconciler.naming.WwidsFile;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The reconciler engine. All state lives on one Vert.x context (the loop) and is touched only there; every kernel
 * call and file write runs on the worker executor and comes back as an immutable record. Events only mark WWIDs
 * dirty; one pass per loop turn plans each dirty WWID once (however many events arrived) and hands its actions to
 * the {@link ActionExecutor}; a WWID whose actions are running is planned again when they finish if it got dirty
 * meanwhile. Failures are retried with exponential backoff (timers) and shown per map in {@link #snapshot()}.
 *
 * <p>This class is the facade and the event handlers; {@link Passes} plans and runs, and the state is in the parts:
 * {@link PathIndex} (paths, fed by {@link PathUpdates}), {@link ObservedMaps} (the kernel's maps), {@link WorkQueue}
 * with one {@link WwidState} per WWID (queue, flight, plan, retries), {@link Backoff}, {@link WwidsWriter} and
 * {@link BindingsWriter} (the state files, read at start by {@link StateReader}), {@link OperatorRequests},
 * {@link AttachReleaseRequests} (release marks), {@link MapViews} (what readers see).
 *
 * <p>Public methods may be called from any thread; they hop onto the loop.
 */
public final class Reconciler {
    private final EngineThreads threads;
    private final ReleasedLuns released;
    private final StateReader reader;

    // ---- loop-only state ----
    private ReconcilerSettings settings; // replaced by reconfigure
    private final WorkQueue work = new WorkQueue();
    private final PathIndex paths = new PathIndex(work::markDirty);
    private final ObservedMaps observed = new ObservedMaps();
    private final Backoff backoff;
    private final WwidsWriter wwids;
    private final BindingsWriter names;
    private final OperatorRequests operator = new OperatorRequests();
    private final AttachReleaseRequests attach;
    private final PathUpdates pathUpdates;
    private final Passes passes;
    private final List<Promise<Void>> idleWaiters = new ArrayList<>();
    private int busyBackground; // kernel reads in flight
    private boolean started;

    // ---- published for readers on any thread ----
    private final MapViews views = new MapViews();

    /**
     * @param loop    the context that owns the state (an event-loop context)
     * @param dm      the kernel (blocking; called on {@code workers} only)
     * @param workers a bounded executor, e.g. {@link ActionExecutor#workerPool}
     */
    public Reconciler(Vertx vertx, Context loop, DmControl dm, Executor workers, ReconcilerSettings settings,
                      PathProber prober, ReconcilerOptions options) {
        this.threads = EngineThreads.of(loop, workers);
        this.settings = settings;
        BindingsFile bindingsFile = options.bindingsFile() == null ? null : new BindingsFile(options.bindingsFile());
        WwidsFile wwidsFile = options.wwidsFile() == null ? null : new WwidsFile(options.wwidsFile());
        this.released = new ReleasedLuns(options.wwidsFile() == null ? null
                : options.wwidsFile().resolveSibling(RELEASED_FILE), workers);
        this.reader = new StateReader(dm, workers, threads, bindingsFile, wwidsFile, released);
        this.backoff = new Backoff(options.retryBase(), options.retryMax(),
                (ms, task) -> vertx.setTimer(ms, id -> threads.onLoop(task)));
        this.wwids = new WwidsWriter(wwidsFile == null ? null : wwidsFile::add, threads, this::checkIdle);
        this.names = new BindingsWriter(bindingsFile == null ? null : bindingsFile::allocateAll,
                String.valueOf(options.bindingsFile()), threads, this::schedulePass);
        this.passes = new Passes(new Passes.Parts(work, paths, observed, backoff, wwids, names, operator, released, views), threads,
                task -> loop.runOnContext(v -> task.run()), new ActionExecutor(dm, workers), () -> this.settings,
                options.forceRemove(), this::checkIdle);
        this.attach = new AttachReleaseRequests(released, wwids, wwidsFile, operator, work, threads, this::schedulePass,
                this::checkIdle);
        this.pathUpdates = new PathUpdates(paths, work, prober, () -> this.settings, threads, attach::pathsGone,
                this::schedulePass, this::checkIdle);
    }

    /** The release marks' file, beside the wwids file. */
    public static final String RELEASED_FILE = "mpathvx-released";
    /** The note of a released WWID's view. */
    public static final String RELEASED_NOTE = "released through the API";

    // ================================================================== public API

    /**
     * Sets the listener told on the loop after each change of a WWID's view (the daemon keeps checkers and the path
     * state machine in step with it). A view with neither a desired nor an observed map means the WWID is gone.
     */
    public void onChange(Consumer<MapView> listener) {
        views.onChange(listener);
    }

    /**
     * Reads every kernel map first (list + info/table/status on workers) and adopts the multipath ones (uuid
     * {@code mpath-...}, also multipathd's), loads the bindings and wwids files, then takes the initial paths and
     * reconciles. The future completes when that first reconciliation has settled (see {@link #idle()}).
     */
    public Future<Void> start(Collection<Path> initialPaths) {
        Promise<Void> done = Promise.promise();
        List<Path> initial = List.copyOf(initialPaths);
        threads.onLoop(() -> {
            busyBackground++;
            threads.whenDone(reader.filesAndKernel(), (init, err) -> {
                busyBackground--;
                if (err != null) {
                    done.fail(err);
                    return;
                }
                names.bindings(init.bindings());
                wwids.loaded(init.wwids());
                released.loaded(init.released());
                for (ObservedMap m : init.maps()) putObserved(m);
                observed.wwids().forEach(work::markDirty);
                started = true;
                passes.enable();
                pathUpdates.upsert(initial, false);
                // With a blocking prober the first pass waits for the probes (their answers schedule it): a pass
                // before them would see adopted maps without paths and remove them.
                if (!pathUpdates.blocking() || initial.isEmpty()) schedulePass();
                idle().onComplete(done);
            });
        });
        return done.future();
    }

    /**
     * An operator's {@code resize map}: the paths' new sizes, and their maps take the size all their paths agree on
     * at their next plan whatever auto_resize says (mirrors cli_resize → resize_map; auto_resize governs uevents).
     */
    public void onResized(Collection<Path> reread) {
        List<Path> up = List.copyOf(reread);
        threads.onLoop(() -> {
            pathUpdates.upsert(up, true);
            schedulePass();
        });
    }

    /** Paths appeared or changed (upserted), or disappeared (removed, by kernel name). */
    public void onPaths(Collection<Path> upserted, Collection<String> removed) {
        List<Path> up = List.copyOf(upserted);
        List<String> gone = List.copyOf(removed);
        threads.onLoop(() -> {
            gone.forEach(pathUpdates::remove);
            pathUpdates.upsert(up, false);
            schedulePass();
        });
    }

    /** A dm event on a map (its event counter changed, or it appeared or vanished): re-read it and reconcile. */
    public void onMapEvent(String name) {
        threads.onLoop(() -> {
            busyBackground++;
            long readStarted = observed.readStarts();
            threads.blocking(() -> reader.map(name), (m, err) -> {
                busyBackground--;
                Wwid known = observed.wwidOf(name);
                if (err == null) {
                    if (m == null) {
                        if (known != null && fresh(known, readStarted)) dropObserved(known);
                    } else {
                        if (fresh(m.wwid(), readStarted)) putObserved(m);
                        work.markDirty(m.wwid());
                    }
                }
                if (known != null) work.markDirty(known);
                schedulePass();
                checkIdle();
            });
        });
    }

    /** Full resync (lost uevents, restart): the complete path list and a re-read of all kernel maps. */
    public Future<Void> resync(Collection<Path> allPaths) {
        Promise<Void> done = Promise.promise();
        List<Path> snapshot = List.copyOf(allPaths);
        threads.onLoop(() -> {
            busyBackground++;
            long readStarted = observed.readStarts();
            threads.whenDone(reader.kernel(), (maps, err) -> {
                busyBackground--;
                if (err == null) {
                    Set<Wwid> seen = new HashSet<>();
                    for (ObservedMap m : maps) {
                        if (fresh(m.wwid(), readStarted)) putObserved(m);
                        seen.add(m.wwid());
                    }
                    for (Wwid w : observed.wwids()) if (!seen.contains(w) && fresh(w, readStarted)) dropObserved(w);
                    observed.wwids().forEach(work::markDirty);
                }
                pathUpdates.replaceAll(snapshot);
                schedulePass();
                idle().onComplete(done);
            });
        });
        return done.future();
    }

    /**
     * Runs actions from the path state machine (fail/reinstate, queueing, group switches) in order after whatever the
     * map has in flight. Actions for maps the reconciler does not know are dropped.
     */
    public void applyActions(List<MapAction> actions) {
        List<MapAction> copy = List.copyOf(actions);
        threads.onLoop(() -> {
            for (MapAction a : copy) {
                Wwid w = observed.wwidOf(a.map());
                if (w == null) continue;
                work.state(w).addExternal(a);
                work.markDirty(w);
            }
            schedulePass();
        });
    }

    /**
     * An operator's actions for one map (all must name the same map): run like {@link #applyActions}, after whatever
     * the map has in flight and never beside a reconcile of it; completes with the outcome of the run that included
     * them (read back from the kernel), or fails at once for a map the reconciler does not know.
     */
    public Future<MapOutcome> applyAndWait(List<MapAction> actions) {
        List<MapAction> copy = List.copyOf(actions);
        Promise<MapOutcome> done = Promise.promise();
        threads.onLoop(() -> {
            Wwid w = copy.isEmpty() ? null : observed.wwidOf(copy.get(0).map());
            if (w == null || copy.stream().anyMatch(a -> !a.map().equals(copy.get(0).map()))) {
                done.fail(new java.util.NoSuchElementException("no map named " + (copy.isEmpty() ? "" : copy.get(0).map())));
                return;
            }
            operator.waiting(w, done);
            WwidState s = work.state(w);
            copy.forEach(s::addExternal);
            work.markDirty(w);
            schedulePass();
        });
        return done.future();
    }

    /**
     * Flushes a map (multipathd's flush_map): removes it and keeps it from being created again, until
     * {@link #restore} or a reconfigure. The removal is not forced: an open map fails with EBUSY and stays.
     */
    public Future<MapOutcome> flush(String map) {
        Promise<MapOutcome> done = Promise.promise();
        threads.onLoop(() -> {
            Wwid w = observed.wwidOf(map);
            if (w != null) operator.hold(w);
            applyAndWait(List.of(new MapAction.Remove(map, false))).onComplete(ar -> threads.onLoop(() -> {
                if (w != null && (ar.failed() || !ar.result().ok())) restore(w.value());
                done.handle(ar);
            }));
        });
        return done.future();
    }

    /** Lets a flushed WWID have its map again ({@code add map}); completes once it settled. */
    public Future<Void> restore(String wwid) {
        Wwid w = new Wwid(wwid);
        threads.onLoop(() -> {
            if (operator.release(w)) work.markDirty(w);
            schedulePass();
        });
        return idle();
    }

    /**
     * An orchestrator's release (issue 14): no map is made for {@code wwid} from now on (a late uevent does not
     * re-create it) until {@link #ensure} or until its paths all go and come back. Completes once the mark is in the
     * release file, so it survives a restart. Removing the map is the caller's next step.
     */
    public Future<Void> release(String wwid) {
        return attach.release(new Wwid(wwid));
    }

    /**
     * An orchestrator's ensure: lifts a release mark and a flush hold, and with {@code remember} puts the WWID in the
     * wwids file (so find_multipaths takes it as multipath -a would). The map follows in the usual passes.
     */
    public Future<Void> ensure(String wwid, boolean remember) {
        return attach.ensure(new Wwid(wwid), remember);
    }

    /** Takes {@code wwid} out of the wwids file (multipath -w); completes once written. */
    public Future<Void> forgetWwid(String wwid) {
        return attach.forgetWwid(wwid);
    }

    /** An immutable view of every WWID: desired, observed, errors. Safe from any thread, never waits for the loop. */
    public ReconcilerSnapshot snapshot() {
        return views.snapshot();
    }

    /**
     * New settings (reconfigure, SIGHUP): every path is probed again and every WWID planned again with them, in the
     * usual passes. A map whose wanted table is unchanged gets no action; one whose table changes is reloaded.
     */
    public void reconfigure(ReconcilerSettings newSettings) {
        Objects.requireNonNull(newSettings);
        threads.onLoop(() -> {
            settings = newSettings;
            operator.releaseAll(); // multipathd's reconfigure sets up every map again, flushed ones too
            names.retry(); // the new configuration may name another bindings file: try again
            observed.wwids().forEach(work::markDirty);
            pathUpdates.upsert(paths.paths(), false);
            schedulePass();
        });
    }

    /** One WWID's view, null when unknown; safe from any thread, O(1). */
    public MapView view(Wwid wwid) {
        return views.get(wwid);
    }

    /** How many WWIDs' last attempt failed; O(1), safe from any thread. */
    public int failingCount() {
        return backoff.failing();
    }

    /** Completes (on the loop) once nothing is dirty, running or being read; retries waiting on a timer do not count. */
    public Future<Void> idle() {
        Promise<Void> p = Promise.promise();
        threads.onLoop(() -> {
            idleWaiters.add(p);
            checkIdle();
        });
        return p.future();
    }

    // ================================================================== loop internals

    private void putObserved(ObservedMap m) {
        observed.put(m);
        passes.publish(m.wwid());
    }

    private void dropObserved(Wwid w) {
        observed.drop(w);
        passes.publish(w);
    }

    private void schedulePass() {
        passes.schedule();
    }

    private boolean fresh(Wwid w, long readStarted) {
        return ObservedMaps.fresh(work.get(w), readStarted);
    }

    private void checkIdle() {
        if (idleWaiters.isEmpty()) return;
        boolean idle = started && !passes.busy() && work.quiet() && busyBackground == 0 && !pathUpdates.busy() && !attach.busy() && !wwids.busy() && !names.busy();
        if (!idle) return;
        List<Promise<Void>> ws = new ArrayList<>(idleWaiters);
        idleWaiters.clear();
        ws.forEach(Promise::tryComplete);
    }

    /**
     * A checker's verdict on a path, kept on the path so that the next table built for its map (a reload for any
     * reason, a reconfigure) averages group priorities over the paths that work, as multipathd's
     * path_group_prio_update does. Plans nothing by itself: acting on a verdict is the path state machine's job, and
     * the table diff accepts the live group order whatever the path states. O(1); unknown paths are ignored.
     */
    public void onPathState(String name, io.mpathvx.core.model.PathState state) {
        threads.onLoop(() -> paths.state(name, state));
    }
}
