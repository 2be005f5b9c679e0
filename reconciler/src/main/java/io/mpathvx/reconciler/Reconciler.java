package io.mpathvx.reconciler;

import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.desired.DesiredMap;
import io.mpathvx.reconciler.desired.PathInfo;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.mpathvx.reconciler.diff.ObservedMap;
import io.mpathvx.reconciler.exec.ActionExecutor;
import io.mpathvx.reconciler.exec.MapOutcome;
import io.mpathvx.reconciler.exec.MapReader;
import io.mpathvx.reconciler.naming.Binding;
import io.mpathvx.reconciler.naming.Bindings;
import io.mpathvx.reconciler.naming.BindingsFile;
import io.mpathvx.reconciler.naming.WwidsFile;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * The reconciler engine. All state lives on one Vert.x context (the loop) and is touched only there; every kernel
 * call and file write runs on the worker executor and comes back as an immutable record. Events only mark WWIDs
 * dirty; one pass per loop turn plans each dirty WWID once (however many events arrived) and hands its actions to
 * the {@link ActionExecutor}; a WWID whose actions are running is planned again when they finish if it got dirty
 * meanwhile. Failures are retried with exponential backoff (timers) and shown per map in {@link #snapshot()}.
 *
 * <p>Public methods may be called from any thread; they hop onto the loop.
 */
public final class Reconciler {
    private final Vertx vertx;
    private final Context loop;
    private final DmControl dm;
    private final Executor workers;
    private final ActionExecutor executor;
    private ReconcilerSettings settings; // loop-only; replaced by reconfigure
    private final PathProber prober;
    private final ReconcilerOptions options;
    private final BindingsFile bindingsFile;
    private final WwidsFile wwidsFile;
    private final ReleasedLuns released;

    // ---- loop-only state ----
    private final Map<String, PathInfo> pathsByName = new HashMap<>();
    private final Map<Wwid, Map<String, PathInfo>> pathsByWwid = new HashMap<>();
    private final Map<DevT, Integer> presentDevts = new HashMap<>();
    private final Map<String, Long> pathSeq = new HashMap<>();
    private long seq;
    private final Map<Wwid, ObservedMap> observed = new HashMap<>();
    private final Map<String, Wwid> observedByName = new HashMap<>();
    private final Map<Wwid, DesiredMap> desired = new HashMap<>();
    private final Map<Wwid, String> notes = new HashMap<>();
    private final Map<Wwid, Failure> failures = new HashMap<>();
    private final Map<Wwid, List<MapAction>> external = new HashMap<>();
    /** Maps an operator asked to resize: their next plan follows the paths' agreed size. */
    private final Set<Wwid> resizeRequested = new HashSet<>();
    private final OperatorRequests operator = new OperatorRequests();
    private final Set<Wwid> dirty = new LinkedHashSet<>();
    private final Set<Wwid> inFlight = new HashSet<>();
    private final Set<Wwid> dirtyAfterFlight = new HashSet<>();
    private final Set<String> knownWwids = new HashSet<>();
    private final List<PendingAlias> aliases = new ArrayList<>(); // planned aliases waiting for the bindings write
    private boolean writingAliases;
    private boolean bindingsUnwritable; // then every new map is named by its WWID, as multipathd does
    private volatile int failing; // WWIDs whose last attempt failed, kept for the API without walking them
    private final Map<Wwid, Long> lastOutcome = new HashMap<>();
    private long clock; // orders kernel reads against action outcomes
    private final Set<String> pendingWwids = new LinkedHashSet<>();
    private final List<Promise<Void>> idleWaiters = new ArrayList<>();
    private Bindings bindings = Bindings.empty();
    private boolean passScheduled;
    private boolean inPass;
    private boolean flushingWwids;
    private int busyBackground; // probes, reads, file writes in flight
    private boolean started;
    private java.util.function.Consumer<MapView> changes = v -> { };

    // ---- published for readers on any thread ----
    private final ConcurrentHashMap<Wwid, MapView> views = new ConcurrentHashMap<>();

    /** WWIDs planned per loop turn: a 10,000-map cold start must not hold the loop for seconds. */
    private static final int PASS_BATCH = 32;
    /**
     * Maps with actions running at once. More would not go faster (the worker pool is the limit) but would queue their
     * completions on the loop in a burst; bounded, the loop's queue stays short and its lag low during storms.
     */
    static final int MAX_IN_FLIGHT = 64;

    private record Failure(int attempts, String message) {
    }

    /** A map whose actions wait for its new alias to be in the bindings file. */
    private record PendingAlias(Wwid wwid, Binding binding, List<MapAction> actions) {
    }

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(Reconciler.class.getName());

    /**
     * @param loop    the context that owns the state (an event-loop context)
     * @param dm      the kernel (blocking; called on {@code workers} only)
     * @param workers a bounded executor, e.g. {@link ActionExecutor#workerPool}
     */
    public Reconciler(Vertx vertx, Context loop, DmControl dm, Executor workers, ReconcilerSettings settings,
                      PathProber prober, ReconcilerOptions options) {
        this.vertx = vertx;
        this.loop = loop;
        this.dm = dm;
        this.workers = workers;
        this.executor = new ActionExecutor(dm, workers);
        this.settings = settings;
        this.prober = prober;
        this.options = options;
        this.bindingsFile = options.bindingsFile() == null ? null : new BindingsFile(options.bindingsFile());
        this.wwidsFile = options.wwidsFile() == null ? null : new WwidsFile(options.wwidsFile());
        this.released = new ReleasedLuns(options.wwidsFile() == null ? null
                : options.wwidsFile().resolveSibling(RELEASED_FILE), workers);
    }

    /** The release marks' file, beside the wwids file. */
    public static final String RELEASED_FILE = "mpathvx-released";

    // ================================================================== public API

    /**
     * Sets the listener told on the loop after each change of a WWID's view (the daemon keeps checkers and the path
     * state machine in step with it). A view with neither a desired nor an observed map means the WWID is gone.
     */
    public void onChange(java.util.function.Consumer<MapView> listener) {
        this.changes = java.util.Objects.requireNonNull(listener);
    }

    /**
     * Reads every kernel map first (list + info/table/status on workers) and adopts the multipath ones (uuid
     * {@code mpath-...}, also multipathd's), loads the bindings and wwids files, then takes the initial paths and
     * reconciles. The future completes when that first reconciliation has settled (see {@link #idle()}).
     */
    public Future<Void> start(Collection<Path> initialPaths) {
        Promise<Void> done = Promise.promise();
        onLoop(() -> {
            busyBackground++;
            readFilesAndKernel().whenComplete((init, err) -> onLoop(() -> {
                busyBackground--;
                if (err != null) {
                    done.fail(err instanceof java.util.concurrent.CompletionException c ? c.getCause() : err);
                    return;
                }
                bindings = init.bindings;
                knownWwids.addAll(init.wwids);
                released.loaded(init.released);
                for (ObservedMap m : init.maps) putObserved(m);
                observed.keySet().forEach(this::markDirty);
                started = true;
                upsertPaths(List.copyOf(initialPaths));
                // With a blocking prober the first pass waits for the probes (upsertPaths schedules it): a pass
                // before them would see adopted maps without paths and remove them.
                if (!prober.blocking() || initialPaths.isEmpty()) schedulePass();
                idle().onComplete(done);
            }));
        });
        return done.future();
    }

    /** Paths appeared or changed (upserted), or disappeared (removed, by kernel name). */
    /**
     * An operator's {@code resize map}: the paths' new sizes, and their maps take the size all their paths agree on
     * at their next plan whatever auto_resize says (mirrors cli_resize → resize_map; auto_resize governs uevents).
     */
    public void onResized(Collection<Path> reread) {
        List<Path> up = List.copyOf(reread);
        onLoop(() -> {
            upsertPaths(up, true);
            schedulePass();
        });
    }

    public void onPaths(Collection<Path> upserted, Collection<String> removed) {
        List<Path> up = List.copyOf(upserted);
        List<String> gone = List.copyOf(removed);
        onLoop(() -> {
            for (String name : gone) {
                pathSeq.put(name, ++seq);
                removePath(name);
            }
            upsertPaths(up);
            schedulePass();
        });
    }

    /** A dm event on a map (its event counter changed, or it appeared or vanished): re-read it and reconcile. */
    public void onMapEvent(String name) {
        onLoop(() -> {
            busyBackground++;
            long readStarted = ++clock;
            blocking(() -> MapReader.read(dm, name)).whenComplete((m, err) -> onLoop(() -> {
                busyBackground--;
                Wwid known = observedByName.get(name);
                if (err == null) {
                    if (m == null) {
                        if (known != null && fresh(known, readStarted)) dropObserved(known);
                    } else {
                        if (fresh(m.wwid(), readStarted)) putObserved(m);
                        markDirty(m.wwid());
                    }
                }
                if (known != null) markDirty(known);
                schedulePass();
                checkIdle();
            }));
        });
    }

    /** Full resync (lost uevents, restart): the complete path list and a re-read of all kernel maps. */
    public Future<Void> resync(Collection<Path> allPaths) {
        Promise<Void> done = Promise.promise();
        List<Path> snapshot = List.copyOf(allPaths);
        onLoop(() -> {
            busyBackground++;
            long readStarted = ++clock;
            readKernel().whenComplete((maps, err) -> onLoop(() -> {
                busyBackground--;
                if (err == null) {
                    Set<Wwid> seen = new HashSet<>();
                    for (ObservedMap m : maps) {
                        if (fresh(m.wwid(), readStarted)) putObserved(m);
                        seen.add(m.wwid());
                    }
                    for (Wwid w : new ArrayList<>(observed.keySet())) if (!seen.contains(w) && fresh(w, readStarted)) dropObserved(w);
                    observed.keySet().forEach(this::markDirty);
                }
                Set<String> keep = new HashSet<>();
                for (Path p : snapshot) keep.add(p.name());
                for (String name : new ArrayList<>(pathsByName.keySet())) {
                    if (!keep.contains(name)) {
                        pathSeq.put(name, ++seq);
                        removePath(name);
                    }
                }
                upsertPaths(snapshot);
                schedulePass();
                idle().onComplete(done);
            }));
        });
        return done.future();
    }

    /**
     * Runs actions from the path state machine (fail/reinstate, queueing, group switches) in order after whatever the
     * map has in flight. Actions for maps the reconciler does not know are dropped.
     */
    public void applyActions(List<MapAction> actions) {
        List<MapAction> copy = List.copyOf(actions);
        onLoop(() -> {
            for (MapAction a : copy) {
                Wwid w = observedByName.get(a.map());
                if (w == null) continue;
                external.computeIfAbsent(w, k -> new ArrayList<>()).add(a);
                markDirty(w);
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
        onLoop(() -> {
            Wwid w = copy.isEmpty() ? null : observedByName.get(copy.get(0).map());
            if (w == null || copy.stream().anyMatch(a -> !a.map().equals(copy.get(0).map()))) {
                done.fail(new java.util.NoSuchElementException("no map named " + (copy.isEmpty() ? "" : copy.get(0).map())));
                return;
            }
            operator.waiting(w, done);
            external.computeIfAbsent(w, k -> new ArrayList<>()).addAll(copy);
            markDirty(w);
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
        onLoop(() -> {
            Wwid w = observedByName.get(map);
            if (w != null) operator.hold(w);
            applyAndWait(List.of(new MapAction.Remove(map, false))).onComplete(ar -> onLoop(() -> {
                if (w != null && (ar.failed() || !ar.result().ok())) restore(w.value());
                done.handle(ar);
            }));
        });
        return done.future();
    }

    /** Lets a flushed WWID have its map again ({@code add map}); completes once it settled. */
    public Future<Void> restore(String wwid) {
        Wwid w = new Wwid(wwid);
        onLoop(() -> {
            if (operator.release(w)) markDirty(w);
            schedulePass();
        });
        return idle();
    }

    /** The note of a released WWID's view. */
    public static final String RELEASED_NOTE = "released through the API";

    /**
     * An orchestrator's release (issue 14): no map is made for {@code wwid} from now on — a late uevent does not
     * re-create it — until {@link #ensure} or until its paths all go and come back. Completes once the mark is in
     * the release file (so it survives a restart). Removing the map is the caller's next step.
     */
    public Future<Void> release(String wwid) {
        Wwid w = new Wwid(wwid);
        Promise<Void> done = Promise.promise();
        onLoop(() -> {
            released.add(w).whenComplete((v, err) -> onLoop(() -> done.handle(err == null ? Future.succeededFuture()
                    : Future.failedFuture(err.getCause() != null ? err.getCause() : err))));
            markDirty(w);
            schedulePass();
        });
        return done.future();
    }

    /**
     * An orchestrator's ensure: lifts a release mark and a flush hold, and with {@code remember} puts the WWID in the
     * wwids file (so find_multipaths takes it as multipath -a would). The map follows in the usual passes.
     */
    public Future<Void> ensure(String wwid, boolean remember) {
        Wwid w = new Wwid(wwid);
        Promise<Void> done = Promise.promise();
        onLoop(() -> {
            operator.release(w);
            if (remember) remember(w);
            released.remove(w).whenComplete((v, err) -> onLoop(() -> done.handle(err == null ? Future.succeededFuture()
                    : Future.failedFuture(err.getCause() != null ? err.getCause() : err))));
            markDirty(w);
            schedulePass();
        });
        return done.future();
    }

    /** Takes {@code wwid} out of the wwids file (multipath -w); completes once written. */
    public Future<Void> forgetWwid(String wwid) {
        Promise<Void> done = Promise.promise();
        onLoop(() -> {
            pendingWwids.remove(wwid);
            if (!knownWwids.remove(wwid) || wwidsFile == null) {
                done.complete();
                return;
            }
            busyBackground++;
            blocking(() -> wwidsFile.remove(wwid)).whenComplete((found, err) -> onLoop(() -> {
                busyBackground--;
                if (err != null) done.fail(err.getCause() != null ? err.getCause() : err);
                else done.complete();
                checkIdle();
            }));
        });
        return done.future();
    }

    /** An immutable view of every WWID: desired, observed, errors. Safe from any thread, never waits for the loop. */
    public ReconcilerSnapshot snapshot() {
        return new ReconcilerSnapshot(Map.copyOf(views));
    }

    /**
     * New settings (reconfigure, SIGHUP): every path is probed again and every WWID planned again with them, in the
     * usual passes. A map whose wanted table is unchanged gets no action; one whose table changes is reloaded.
     */
    public void reconfigure(ReconcilerSettings newSettings) {
        java.util.Objects.requireNonNull(newSettings);
        onLoop(() -> {
            settings = newSettings;
            operator.releaseAll(); // multipathd's reconfigure sets up every map again, flushed ones too
            bindingsUnwritable = false; // the new configuration may name another bindings file: try again
            List<Path> all = new ArrayList<>(pathsByName.size());
            for (PathInfo i : pathsByName.values()) all.add(i.path());
            observed.keySet().forEach(this::markDirty);
            upsertPaths(all);
            schedulePass();
        });
    }

    /** One WWID's view, null when unknown; safe from any thread, O(1). */
    public MapView view(Wwid wwid) {
        return views.get(wwid);
    }

    /** How many WWIDs' last attempt failed; O(1), safe from any thread. */
    public int failingCount() {
        return failing;
    }

    /** Completes (on the loop) once nothing is dirty, running or being read; retries waiting on a timer do not count. */
    public Future<Void> idle() {
        Promise<Void> p = Promise.promise();
        onLoop(() -> {
            idleWaiters.add(p);
            checkIdle();
        });
        return p.future();
    }

    // ================================================================== loop internals

    /** The loop context's thread (an event-loop context always runs on the same one); set on first use. */
    private volatile Thread loopThread;

    private void onLoop(Runnable r) {
        // Vert.x reports the caller's context on worker threads too, so the context alone cannot tell: compare threads
        if (Thread.currentThread() == loopThread) r.run();
        else loop.runOnContext(v -> {
            loopThread = Thread.currentThread();
            r.run();
        });
    }

    private <T> CompletableFuture<T> blocking(Callable<T> c) {
        try {
            return submit(c);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e); // pool shut down (Vert.x closing)
        }
    }

    private <T> CompletableFuture<T> submit(Callable<T> c) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return c.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, workers);
    }

    @FunctionalInterface
    private interface Callable<T> {
        T call() throws Exception;
    }

    private record Init(Bindings bindings, Set<String> wwids, Set<String> released, List<ObservedMap> maps) {
    }

    /** State files (worker), then all kernel maps. */
    private CompletableFuture<Init> readFilesAndKernel() {
        return blocking(() -> {
            Bindings b = bindingsFile == null ? Bindings.empty() : bindingsFile.load();
            Set<String> w = wwidsFile == null ? Set.of() : wwidsFile.load();
            return new Init(b, w, released.read(), List.of());
        }).thenCompose(files -> readKernel().thenApply(maps -> new Init(files.bindings(), files.wwids(), files.released(), maps)));
    }

    /** Every multipath map: one list, then reads in parallel chunks on the pool (no worker waits for another). */
    private CompletableFuture<List<ObservedMap>> readKernel() {
        return blocking(dm::listDevices).thenCompose(all -> {
            List<DmDevice> devices = new ArrayList<>();
            for (DmDevice d : all) if (Wwid.fromMapUuid(d.uuid()) != null) devices.add(d);
            int chunks = Math.max(1, Math.min(16, devices.size() / 64));
            List<CompletableFuture<List<ObservedMap>>> parts = new ArrayList<>(chunks);
            for (int c = 0; c < chunks; c++) {
                List<DmDevice> slice = devices.subList(devices.size() * c / chunks, devices.size() * (c + 1) / chunks);
                parts.add(CompletableFuture.supplyAsync(() -> readAll(slice), workers));
            }
            return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<ObservedMap> out = new ArrayList<>(devices.size());
                for (CompletableFuture<List<ObservedMap>> f : parts) out.addAll(f.join());
                return out;
            });
        });
    }

    private List<ObservedMap> readAll(List<DmDevice> slice) {
        List<ObservedMap> out = new ArrayList<>(slice.size());
        for (DmDevice d : slice) {
            try {
                ObservedMap m = MapReader.read(dm, d.name());
                if (m != null) out.add(m);
            } catch (DmException e) {
                // vanished or unreadable between list and read: the next event or resync sees it again
            }
        }
        return out;
    }

    private void upsertPaths(List<Path> paths) {
        upsertPaths(paths, false);
    }

    /** @param resize an operator's resize: the maps of these paths follow their new size at the next plan */
    private void upsertPaths(List<Path> paths, boolean resize) {
        if (paths.isEmpty()) return;
        long mySeq = ++seq;
        for (Path p : paths) pathSeq.put(p.name(), mySeq);
        if (!prober.blocking()) {
            for (Path p : paths) putPath(prober.probe(p, settings.forMap(p.wwid() == null ? null : p.wwid(), p)), resize);
            return;
        }
        busyBackground++;
        blocking(() -> {
            List<PathInfo> out = new ArrayList<>(paths.size());
            for (Path p : paths) out.add(prober.probe(p, settings.forMap(p.wwid(), p)));
            return out;
        }).whenComplete((infos, err) -> onLoop(() -> {
            busyBackground--;
            if (err == null) {
                for (PathInfo i : infos) {
                    if (pathSeq.getOrDefault(i.path().name(), 0L) == mySeq) putPath(i, resize); // else a later event superseded it
                }
            }
            schedulePass();
            checkIdle();
        }));
    }

    private void putPath(PathInfo info, boolean resize) {
        if (resize && info.path().wwid() != null) resizeRequested.add(info.path().wwid());
        putPath(info);
    }

    private void putPath(PathInfo info) {
        PathInfo old = pathsByName.put(info.path().name(), info);
        if (old != null) unindex(old);
        if (info.path().wwid() != null) {
            pathsByWwid.computeIfAbsent(info.path().wwid(), k -> new LinkedHashMap<>()).put(info.path().name(), info);
            markDirty(info.path().wwid());
        }
        presentDevts.merge(info.path().devt(), 1, Integer::sum);
    }

    private void removePath(String name) {
        PathInfo old = pathsByName.remove(name);
        if (old == null) return;
        unindex(old);
        Wwid w = old.path().wwid();
        // a released LUN whose paths all went is itself again when they come back (issue 14)
        if (w != null && !pathsByWwid.containsKey(w) && released.contains(w)) released.remove(w);
    }

    private void unindex(PathInfo old) {
        Wwid w = old.path().wwid();
        if (w != null) {
            Map<String, PathInfo> m = pathsByWwid.get(w);
            if (m != null) {
                m.remove(old.path().name());
                if (m.isEmpty()) pathsByWwid.remove(w);
            }
            markDirty(w);
        }
        presentDevts.computeIfPresent(old.path().devt(), (k, n) -> n == 1 ? null : n - 1);
    }

    private void putObserved(ObservedMap m) {
        ObservedMap old = observed.put(m.wwid(), m);
        if (old != null && !old.name().equals(m.name())) observedByName.remove(old.name());
        observedByName.put(m.name(), m.wwid());
        publish(m.wwid());
    }

    private void dropObserved(Wwid w) {
        ObservedMap old = observed.remove(w);
        if (old != null) observedByName.remove(old.name(), w);
        publish(w);
    }

    /**
     * Whether a read of {@code w} that started at {@code readStarted} may replace what we know: not while actions for
     * it run (their read-back will be newer), nor when an outcome arrived after the read started (the read may have
     * seen a half-made map, e.g. between CREATE and TABLE_LOAD, and would cause a needless reload).
     */
    private boolean fresh(Wwid w, long readStarted) {
        return !inFlight.contains(w) && lastOutcome.getOrDefault(w, 0L) < readStarted;
    }

    private void markDirty(Wwid w) {
        // a map with actions running is planned again when they finish, not scanned by every pass meanwhile
        if (inFlight.contains(w)) dirtyAfterFlight.add(w);
        else dirty.add(w);
    }

    private void schedulePass() {
        if (passScheduled || !started || dirty.isEmpty()) {
            checkIdle();
            return;
        }
        passScheduled = true;
        loop.runOnContext(v -> pass());
    }

    /** One reconcile of every dirty WWID that has nothing in flight. */
    private void pass() {
        passScheduled = false;
        List<Wwid> todo = new ArrayList<>(Math.min(dirty.size(), PASS_BATCH));
        for (Wwid w : dirty) {
            if (todo.size() == PASS_BATCH) break;
            todo.add(w);
        }
        todo.forEach(dirty::remove);
        // A worker may finish before whenComplete is attached; its callback then runs right here, re-entrantly.
        inPass = true;
        try {
            for (int i = 0; i < todo.size(); i++) {
                Wwid w = todo.get(i);
                if (inFlight.size() >= MAX_IN_FLIGHT) { // the rest waits for finishes (they schedule the next pass)
                    for (Wwid rest : todo.subList(i, todo.size())) markDirty(rest);
                    break;
                }
                try {
                    reconcile(w);
                } catch (RuntimeException e) {
                    // a planning bug or an unusable setting (e.g. a malformed path_selector) fails this map only
                    inFlight.remove(w);
                    dirtyAfterFlight.remove(w);
                    fail(w, "planning failed: " + e);
                    publish(w);
                }
            }
        } finally {
            inPass = false;
        }
        writeAliases();
        // more to do: next turn, so the loop stays responsive; at the in-flight limit, the next finish schedules it
        if (!dirty.isEmpty() && inFlight.size() < MAX_IN_FLIGHT) schedulePass();
        checkIdle();
    }

    private void reconcile(Wwid w) {
        Map<String, PathInfo> paths = pathsByWwid.getOrDefault(w, Map.of());
        MapPlanner.Plan plan = MapPlanner.plan(w, paths.values(), observed.get(w), settings, bindings,
                knownWwids.contains(w.value()), this::wwidOfMap, presentDevts::containsKey, options.forceRemove(),
                settings.bindingsReadOnly() || bindingsUnwritable, desired.get(w), resizeRequested.remove(w));
        bindings = plan.bindings();
        if (plan.desired() == null) desired.remove(w);
        else desired.put(w, plan.desired());
        if (plan.desired() != null && observed.containsKey(w)) remember(w); // kept maps too (multipathd configure())
        notes.put(w, plan.note());
        boolean held = operator.held(w) || released.contains(w);
        if (held) { // flushed or released by an operator: its own actions only
            desired.remove(w);
            notes.put(w, operator.held(w) ? "flushed by the operator" : RELEASED_NOTE);
        }
        List<MapAction> actions = held ? new ArrayList<>() : new ArrayList<>(plan.actions());
        List<MapAction> ext = external.remove(w);
        // a map being removed (or left without paths) takes no more messages: they would fail and be retried
        if (ext != null) {
            operator.started(w);
            if (actions.stream().noneMatch(a -> a instanceof MapAction.Remove || a instanceof MapAction.FlushNoPaths)) {
                // state-machine actions address the map by its current name; after a rename they follow it
                String current = actions.stream().filter(a -> a instanceof MapAction.Rename).map(a -> ((MapAction.Rename) a).newName())
                        .reduce((a, b) -> b).orElse(null);
                for (MapAction a : ext) actions.add(current == null ? a : renamed(a, current));
            }
        }
        if (actions.isEmpty()) {
            clearFailure(w); // converged: whatever failed before no longer matters
            if (plan.desired() == null && observed.get(w) == null && paths.isEmpty()) forget(w);
            else publish(w);
            return;
        }
        inFlight.add(w);
        publish(w);
        if (plan.allocate() != null && bindingsFile != null) aliases.add(new PendingAlias(w, plan.allocate(), actions));
        else run(w, actions);
    }

    private void run(Wwid w, List<MapAction> actions) {
        blocking(() -> executor.runNow(w.value(), actions)).whenComplete((r, err) -> onLoop(() -> finished(w, r, err)));
    }

    /**
     * Writes the aliases planned so far in one bindings-file update (one lock, one read, one write for a whole pass,
     * not one per map), then runs the maps whose alias is in the file. One write at a time; aliases planned meanwhile
     * go with the next. A map whose alias another writer took is planned again; when the file cannot be written,
     * every map is named by its WWID from then on (multipathd's fallback), with one warning.
     */
    private void writeAliases() {
        if (writingAliases || aliases.isEmpty()) return;
        List<PendingAlias> batch = List.copyOf(aliases);
        aliases.clear();
        writingAliases = true;
        busyBackground++;
        List<Binding> wanted = batch.stream().map(PendingAlias::binding).toList();
        blocking(() -> bindingsFile.allocateAll(wanted)).whenComplete((res, err) -> onLoop(() -> {
            busyBackground--;
            writingAliases = false;
            if (err != null) {
                if (!bindingsUnwritable) {
                    LOG.warning(() -> "cannot write " + bindingsFile.path() + " (" + (err.getCause() != null ? err.getCause() : err)
                            + "): maps are named by WWID");
                }
                bindingsUnwritable = true;
                for (PendingAlias a : batch) bindings = bindings.without(a.binding().alias());
            } else {
                bindings = res.bindings();
                for (PendingAlias a : aliases) bindings = bindings.with(a.binding().alias(), a.binding().wwid());
            }
            for (PendingAlias a : batch) {
                if (err == null && a.binding().alias().equals(res.aliasOf().get(a.binding().wwid()))) {
                    run(a.wwid(), a.actions());
                } else { // plan again: by WWID, or with the alias the file gives
                    operator.finished(a.wwid(), null, new IllegalStateException("the map was renamed meanwhile; try again"));
                    inFlight.remove(a.wwid());
                    dirtyAfterFlight.remove(a.wwid());
                    dirty.add(a.wwid());
                    publish(a.wwid());
                }
            }
            writeAliases();
            schedulePass();
        }));
    }

    private static MapAction renamed(MapAction a, String name) {
        if (a instanceof MapAction.FailPath f) return new MapAction.FailPath(name, f.path());
        if (a instanceof MapAction.ReinstatePath r) return new MapAction.ReinstatePath(name, r.path());
        if (a instanceof MapAction.SwitchGroup s) return new MapAction.SwitchGroup(name, s.group());
        if (a instanceof MapAction.EnableGroup e) return new MapAction.EnableGroup(name, e.group());
        if (a instanceof MapAction.QueueIfNoPath) return new MapAction.QueueIfNoPath(name);
        if (a instanceof MapAction.FailIfNoPath) return new MapAction.FailIfNoPath(name);
        if (a instanceof MapAction.Suspend) return new MapAction.Suspend(name);
        if (a instanceof MapAction.Resume) return new MapAction.Resume(name);
        return a;
    }

    private void finished(Wwid w, Object result, Throwable err) {
        operator.finished(w, result instanceof MapOutcome out ? out : null, err);
        inFlight.remove(w);
        if (dirtyAfterFlight.remove(w)) dirty.add(w);
        if (result instanceof MapOutcome out) {
            lastOutcome.put(w, ++clock);
            if (out.readBack()) {
                if (out.after() == null) dropObserved(w);
                else putObserved(out.after());
            }
            if (out.ok()) {
                clearFailure(w);
                if (out.actions().stream().anyMatch(a -> a instanceof MapAction.Create)) remember(w);
            } else {
                fail(w, out.error().getMessage());
            }
        } else {
            fail(w, String.valueOf(err instanceof java.util.concurrent.CompletionException c ? c.getCause() : err));
        }
        publish(w);
        schedulePass();
        checkIdle();
    }

    private void fail(Wwid w, String message) {
        Failure f = failures.merge(w, new Failure(1, message), (a, b) -> new Failure(a.attempts() + 1, b.message()));
        failing = failures.size();
        long delay = options.backoff(f.attempts()).toMillis();
        vertx.setTimer(delay, id -> onLoop(() -> {
            markDirty(w);
            schedulePass();
        }));
    }

    /** A created map's WWID goes into the wwids file (find_multipaths), batched into one write at a time. */
    private void remember(Wwid w) {
        // every mode, strict included: configure.c remember_wwid() on each ACT_CREATE
        if (!knownWwids.add(w.value()) || wwidsFile == null) return;
        pendingWwids.add(w.value());
        flushWwids();
    }

    private void flushWwids() {
        if (flushingWwids || pendingWwids.isEmpty()) return;
        List<String> batch = new ArrayList<>(pendingWwids);
        pendingWwids.clear();
        flushingWwids = true;
        busyBackground++;
        blocking(() -> wwidsFile.add(batch)).whenComplete((all, err) -> onLoop(() -> {
            busyBackground--;
            flushingWwids = false;
            if (err != null) pendingWwids.addAll(batch); // keep them for the next write
            else if (!pendingWwids.isEmpty()) flushWwids();
            checkIdle();
        }));
    }

    private String wwidOfMap(String name) {
        Wwid w = observedByName.get(name);
        return w == null ? null : w.value();
    }

    private void clearFailure(Wwid w) {
        if (failures.remove(w) != null) failing = failures.size();
    }

    private void forget(Wwid w) {
        lastOutcome.remove(w);
        desired.remove(w);
        notes.remove(w);
        clearFailure(w);
        if (views.remove(w) != null) changes.accept(new MapView(w, null, null, false, 0, null, ""));
    }

    private void publish(Wwid w) {
        Failure f = failures.get(w);
        DesiredMap d = desired.get(w);
        ObservedMap o = observed.get(w);
        if (d == null && o == null && f == null && !inFlight.contains(w) && notes.getOrDefault(w, "").isEmpty()) {
            if (views.remove(w) != null) changes.accept(new MapView(w, null, null, false, 0, null, ""));
            return;
        }
        MapView view = new MapView(w, d, o, inFlight.contains(w), f == null ? 0 : f.attempts(),
                f == null ? null : f.message(), notes.getOrDefault(w, ""));
        if (!view.equals(views.put(w, view))) changes.accept(view);
    }

    private void checkIdle() {
        if (idleWaiters.isEmpty()) return;
        boolean idle = started && !inPass && dirty.isEmpty() && inFlight.isEmpty() && busyBackground == 0
                && !passScheduled && !flushingWwids && !writingAliases;
        if (!idle) return;
        List<Promise<Void>> ws = new ArrayList<>(idleWaiters);
        idleWaiters.clear();
        ws.forEach(Promise::tryComplete);
    }
}
