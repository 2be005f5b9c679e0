package io.mpathvx.api;

import io.mpathvx.checkers.CheckScheduler;
import io.mpathvx.checkers.CheckTimer;
import io.mpathvx.checkers.CheckerSet;
import io.mpathvx.core.config.MultipathConfig;
import io.mpathvx.core.model.CheckResult;
import io.mpathvx.dm.DmEventWatcher;
import io.mpathvx.dm.MapEvent;
import io.mpathvx.reconciler.MapAction;
import io.mpathvx.reconciler.MapView;
import io.mpathvx.reconciler.PathProber;
import io.mpathvx.reconciler.Reconciler;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.mpathvx.reconciler.desired.ConfigSettings;
import io.mpathvx.reconciler.exec.ActionExecutor;
import io.mpathvx.reconciler.pathstate.PathStateMachine;
import io.mpathvx.uevent.MapUevent;
import io.mpathvx.uevent.PathDiscovery;
import io.mpathvx.uevent.PathEvent;
import io.mpathvx.uevent.Resync;
import io.mpathvx.uevent.UeventBatch;
import io.mpathvx.uevent.UeventListener;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Wires the parts on one event-loop context: uevents → path lookups → {@link PathIntake} → reconciler → dm actions;
 * dm events → reconciler re-reads; the reconciler's map views → {@link MapTracker} (path state machine, checkers);
 * checkers → {@link CheckerVerdicts} → path state machine → fail/reinstate actions. All fields are touched on the
 * loop only; the API reads the {@link DaemonSnapshot} that {@link SnapshotPublisher} keeps current.
 */
final class Daemon implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Daemon.class.getName());
    static final int WORKERS = 8;
    /** Sysfs readers: the start-up scan is split across them, uevent lookups share them. */
    static final int SYSFS_WORKERS = 4;
    /** Path lookups queued on the sysfs pool at once; the rest wait in order on the loop. */
    static final int MAX_LOOKUPS = 64;
    /** Uevents parsed per loop turn: a few milliseconds of work, then other tasks get their turn. */
    static final int UEVENTS_PER_TURN = 256;

    private final Vertx vertx;
    private final Context loop;
    private final KernelPorts kernel;
    private volatile DaemonSettings settings; // written on the loop only; replaced by reconfigure
    private final PathDiscovery discovery;
    private final Reconciler reconciler;
    private final PathStateMachine stateMachine = new PathStateMachine(Clock.systemUTC());
    private final CheckerSet checkers;
    private final CheckScheduler scheduler;
    private final Counters counters = new Counters();
    private final PathLookups lookups;
    private final Executor sysfsPool;
    private final PathDiscovery.ScanProgress scanProgress = new PathDiscovery.ScanProgress();
    private final Promise<Void> started = Promise.promise();
    private volatile UeventListener uevents;
    private volatile DmEventWatcher dmEvents;
    private long tickTimer = -1;
    private boolean stopping; // set by stop(): late lookup answers are dropped, views only reach the snapshot
    private final DaemonSnapshot snapshot;
    private final SnapshotPublisher publisher;
    private final TransportTimeoutWriter timeouts;
    private final PriorityRefresh priorities;
    private final RefusedPathRechecker rechecker;
    private final MapTracker tracker;
    private final PathIntake intake;
    private final CheckerVerdicts verdicts;
    private final MapChangeLog changeLog = new MapChangeLog();

    private Daemon(Vertx vertx, Context loop, KernelPorts kernel, MultipathConfig config, ReconcilerOptions options) {
        this.vertx = vertx;
        this.loop = loop;
        this.kernel = kernel;
        this.settings = new DaemonSettings(config);
        this.discovery = new PathDiscovery(kernel.sysfs(), settings.discovery());
        this.sysfsPool = ActionExecutor.workerPool(vertx, "mpathvx-sysfs", SYSFS_WORKERS);
        this.lookups = new PathLookups(discovery, sysfsPool, MAX_LOOKUPS, task -> loop.runOnContext(v -> task.run()),
                this::onLookups);
        this.snapshot = new DaemonSnapshot(this::counterValues);
        this.timeouts = new TransportTimeoutWriter(kernel.sysfs(), sysfsPool);
        Executor workers = ActionExecutor.workerPool(vertx, "mpathvx-dm", WORKERS);
        PathProber prober = PathProber.device(kernel.sysfs(), kernel.scsi(), kernel.nvme(), kernel.reads());
        this.reconciler = new Reconciler(vertx, loop, kernel.dm(), workers, new ConfigSettings(config), prober, options);
        CheckTimer checkTimer = CheckTimer.wheel(vertx);
        this.checkers = kernel.checkers().create(loop, checkTimer);
        this.scheduler = new CheckScheduler(checkTimer, settings.pollingInterval(),
                settings.maxPollingInterval(), this::onCheck);
        this.publisher = new SnapshotPublisher(snapshot, scheduler, stateMachine);
        this.rechecker = new RefusedPathRechecker(vertx, publisher::knows, lookups::lookup);
        this.intake = new PathIntake(loop, discovery, sysfsPool, reconciler, publisher, snapshot, scheduler, timeouts,
                rechecker);
        this.tracker = new MapTracker(stateMachine, scheduler, checkers, publisher, timeouts, rechecker,
                discovery::scsiTimeout, this::runActions, settings);
        this.priorities = new PriorityRefresh(sysfsPool, task -> loop.runOnContext(v -> task.run()), prober,
                tracker::failback, up -> reconciler.onPaths(up, List.of()), () -> lookups.pending() > 0);
        this.verdicts = new CheckerVerdicts(stateMachine, scheduler, publisher, snapshot, priorities, reconciler, counters,
                this::runActions);
    }

    /** Starts the daemon on a new event-loop context; completes once the first reconciliation settled. */
    static Future<Daemon> start(Vertx vertx, KernelPorts kernel, MultipathConfig config, ReconcilerOptions options) {
        Daemon d = launch(vertx, kernel, config, options);
        return d.started().map(v -> d);
    }

    /**
     * Creates the daemon and begins its start-up, returning at once: its snapshot answers (phase STARTING, with
     * progress) while paths are discovered and maps reconciled, so the API can listen before start-up ends.
     */
    static Daemon launch(Vertx vertx, KernelPorts kernel, MultipathConfig config, ReconcilerOptions options) {
        Context loop = vertx.getOrCreateContext();
        Daemon d = new Daemon(vertx, loop, kernel, config, options);
        loop.runOnContext(v -> d.begin().onComplete(d.started));
        return d;
    }

    /** Completes when start-up discovery and the first reconciliation are done (fails if start-up failed). */
    Future<Void> started() {
        return started.future();
    }

    DaemonSnapshot snapshot() {
        return snapshot;
    }

    /** The event-loop context that owns the daemon's state (benchmarks probe its lag). */
    Context loop() {
        return loop;
    }

    private Future<Void> begin() {
        LOG.info(() -> "starting against the " + kernel.description());
        long progressTimer = vertx.setPeriodic(250, id -> snapshot.phase(DaemonSnapshot.Phase.STARTING,
                "discovering paths: " + scanProgress.done() + " of " + scanProgress.total()));
        // the inventory is summarised on the worker that finished the scan, not on the loop
        var scan = discovery.scanAsync(sysfsPool, SYSFS_WORKERS * 2, scanProgress).thenApply(found -> {
            StartupInventory.log(found);
            return found;
        });
        return Future.fromCompletionStage(scan, loop).compose(found -> {
            vertx.cancelTimer(progressTimer);
            snapshot.phase(DaemonSnapshot.Phase.STARTING, "reconciling " + found.size() + " paths");
            return intake.startup(found);
        }, err -> {
            vertx.cancelTimer(progressTimer);
            return Future.failedFuture(err);
        }).compose(initial -> {
            reconciler.onChange(this::onMapView);
            return reconciler.start(initial);
        }).compose(v -> {
            uevents = UeventListener.start(loop, kernel.uevents(),
                    UeventListener.Options.defaults().withFilter(settings.discovery().filter()).withDiscovery(discovery)
                            .withMaxPerTurn(UEVENTS_PER_TURN),
                    new UeventListener.Handler() {
                        @Override
                        public void onBatch(UeventBatch batch) {
                            onUevents(batch);
                        }

                        @Override
                        public void onResync(Resync resync) {
                            onResyncNeeded(resync);
                        }
                    });
            // A refused netlink watch fails start-up: a daemon without uevents must not pretend to run.
            return uevents.started();
        }).compose(v -> vertx.executeBlocking(() -> kernel.dm().openEventChannel(), false) // a syscall: off the loop
        ).compose(channel -> DmEventWatcher.start(loop, channel, this::onMapEvent,
                err -> LOG.log(Level.WARNING, "dm event watch failed: " + err.getMessage(), err))
        ).map(w -> {
            dmEvents = w;
            tickTimer = vertx.setPeriodic(1000, id -> runActions(stateMachine.tick()));
            snapshot.phase(DaemonSnapshot.Phase.RUNNING, "");
            LOG.info(() -> "running: " + tracker.mapNames().size() + " maps, " + snapshot.pathCount() + " paths");
            return null;
        });
    }

    // ------------------------------------------------------------------ kernel events

    private void onUevents(UeventBatch batch) {
        counters.add("uevent_batches");
        for (PathEvent e : batch.paths()) {
            if (e instanceof PathEvent.Removed r) lookups.removed(r.name());
            else lookups.lookup(e instanceof PathEvent.Added a ? a.name() : ((PathEvent.Changed) e).name());
        }
        for (MapUevent m : batch.maps()) {
            // The kernel names a map in path events (DM_NAME) but not in the change it sends on resume: then the
            // device number tells which map was reloaded, perhaps by someone else.
            String name = m.dmName() != null ? m.dmName() : m.devt() == null ? null : tracker.mapOfDevt(m.devt());
            if (name != null) reconciler.onMapEvent(name);
        }
    }

    private void onLookups(PathLookups.Changes changes) {
        if (!stopping) intake.onLookups(changes); // a path found now would be checked and reloaded behind stop()
    }

    private void onMapView(MapView view) {
        changeLog.changed(view);
        priorities.onView(view);
        if (stopping) publisher.map(view); // the checkers are closed
        else tracker.onMapView(view);
    }

    private void onResyncNeeded(Resync resync) {
        counters.add("resyncs");
        snapshot.resync(resync.reason() + " " + resync.detail());
        LOG.warning(() -> "uevents were lost (" + resync.reason() + " " + resync.detail() + "): rescanning all paths");
        intake.rescan();
    }

    private void onMapEvent(MapEvent e) {
        counters.add("dm_events");
        reconciler.onMapEvent(e.name()); // changed, gone or appeared: the map is read again
    }

    // ------------------------------------------------------------------ checkers

    private void onCheck(CheckResult result) {
        verdicts.onCheck(result);
    }

    private void runActions(List<MapAction> actions) {
        if (actions.isEmpty()) return;
        for (MapAction a : actions) {
            counters.add("actions");
            LOG.info(() -> "map " + a.map() + ": " + a.describe());
        }
        reconciler.applyActions(actions);
    }

    // ------------------------------------------------------------------ snapshot for the API

    /** Counters for the API, read on the caller's thread from plain loop-written values. */
    private Map<String, Long> counterValues() {
        Map<String, Long> c = new LinkedHashMap<>(counters.values());
        c.put("maps", (long) snapshot.mapCount());
        c.put("paths", (long) snapshot.pathCount());
        c.put("aio_contexts", (long) checkers.aioContextCount());
        c.put("maps_failing", (long) reconciler.failingCount());
        c.put("lookups_pending", (long) lookups.pending());
        c.put("log_lines_dropped", LogSetup.dropped());
        UeventListener u = uevents;
        if (u != null) {
            c.put("uevents_received", u.stats().received());
            c.put("uevents_dropped", u.stats().droppedTotal());
        }
        DmEventWatcher d = dmEvents;
        if (d != null) c.put("dm_event_scans", d.scans());
        return c;
    }

    /** What was written to a path's transport timeouts, or why nothing was (tests, diagnostics). */
    java.util.Optional<String> transportTimeouts(String path) {
        return timeouts.outcome(path);
    }

    // ------------------------------------------------------------------ operator actions (see AdminActions)

    /** The kernel ports and the configuration in force (orchestration reads them from the API's threads). */
    KernelPorts kernel() {
        return kernel;
    }

    MultipathConfig config() {
        return settings.config();
    }

    /** The reconciler, through which every operator action runs (per-map order, workers, read-back). */
    Reconciler reconciler() {
        return reconciler;
    }

    /**
     * Operator {@code fail path} / {@code reinstate path}: the path's checker verdicts are ignored while it is failed by
     * hand (multipathd's checker_disable in cli_fail); when checking resumes, the last verdict is applied again, so a
     * down path is failed once more at once.
     */
    Future<Void> checking(String path, boolean on) {
        Promise<Void> done = Promise.promise();
        loop.runOnContext(v -> {
            verdicts.checking(path, on);
            done.complete();
        });
        return done.future();
    }

    /**
     * Operator {@code disablequeueing} / {@code restorequeueing}: while disabled the state machine treats the map as
     * no_path_retry fail (multipathd's disable_queueing flag), so nothing turns queueing back on behind the operator.
     */
    Future<Void> queueing(String map, boolean disabled) {
        Promise<Void> done = Promise.promise();
        loop.runOnContext(v -> {
            tracker.queueing(map, disabled);
            done.complete();
        });
        return done.future();
    }

    /** Operator {@code resize map}: reads the paths again (on the sysfs pool); completes once the reconciler settled them. */
    Future<Void> reread(List<String> names) {
        return intake.reread(names).compose(v -> reconciler.idle());
    }

    /**
     * Completes once nothing is pending: no path lookup running or waiting to be handed on, and the reconciler idle
     * (retries waiting on a timer do not count). The snapshot shows the outcome then.
     */
    Future<Void> idle() {
        Promise<Void> done = Promise.promise();
        loop.runOnContext(v -> whenIdle(done));
        return done.future();
    }

    private void whenIdle(Promise<Void> done) {
        lookups.whenDrained(() -> reconciler.idle().onComplete(ar -> {
            if (ar.succeeded() && !lookups.drained()) whenIdle(done); // a uevent started a lookup meanwhile
            else done.handle(ar);
        }));
    }

    /** {@link #stop()} and waits for it; not on the daemon's loop. */
    @Override
    public void close() {
        stop().await();
    }

    /**
     * Applies a new configuration (SIGHUP, {@code reconfigure}) as multipathd does: every map is planned again and
     * reloaded only if its wanted table changed; the path state machine takes the new no_path_retry and failback at
     * once. Blacklists, polling intervals and checkers of paths already checked keep their start-up values until a
     * restart (discovery and the check schedule are set up once). Completes when the maps have settled.
     */
    Future<Void> reconfigure(MultipathConfig config) {
        Promise<Void> done = Promise.promise();
        loop.runOnContext(v -> {
            settings = new DaemonSettings(config);
            reconciler.reconfigure(new ConfigSettings(config));
            tracker.reconfigure(settings);
            reconciler.idle().onComplete(done);
        });
        return done.future();
    }

    /**
     * Stops watching and checking, then — unless queue_without_daemon is yes — turns queueing off on every map, as
     * multipathd's cleanup_maps does: with no daemon to count retries, a map without paths would queue I/O forever
     * (the classic hang at shutdown). Completes when those messages are done and the checkers have closed their device
     * fds and AIO contexts (so Vert.x, whose workers close them, may be closed after it).
     */
    Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        loop.runOnContext(v -> {
            stopping = true;
            snapshot.phase(DaemonSnapshot.Phase.STOPPING, "");
            if (tickTimer >= 0) vertx.cancelTimer(tickTimer);
            if (uevents != null) uevents.close();
            if (dmEvents != null) dmEvents.close();
            scheduler.close();
            Future<Void> checkersClosed = checkers.close();
            if (!settings.queueWithoutDaemon()) {
                List<MapAction> off = new ArrayList<>();
                for (String map : tracker.mapNames()) off.add(new MapAction.FailIfNoPath(map));
                if (!off.isEmpty()) LOG.info(() -> "turning queueing off on " + off.size() + " maps (queue_without_daemon no)");
                reconciler.applyActions(off);
            }
            Future.all(checkersClosed, reconciler.idle()).<Void>mapEmpty().onComplete(done);
        });
        return done.future();
    }
}
