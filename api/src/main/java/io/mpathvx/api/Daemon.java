package io.mpathvx.api;

import io.mpathvx.checkers.CheckScheduler;
import io.mpathvx.checkers.CheckTarget;
import io.mpathvx.checkers.CheckTimer;
import io.mpathvx.checkers.CheckerSet;
import io.mpathvx.checkers.PathChecker;
import io.mpathvx.checkers.UnknownCheckerException;
import io.mpathvx.core.config.MultipathConfig;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.MultipathMap;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathGroup;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.dm.DmEventWatcher;
import io.mpathvx.dm.MapEvent;
import io.mpathvx.reconciler.MapAction;
import io.mpathvx.reconciler.MapView;
import io.mpathvx.reconciler.PathProber;
import io.mpathvx.reconciler.Reconciler;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.mpathvx.reconciler.desired.ConfigSettings;
import io.mpathvx.reconciler.desired.DesiredMap;
import io.mpathvx.reconciler.diff.ObservedMap;
import io.mpathvx.reconciler.exec.ActionExecutor;
import io.mpathvx.reconciler.pathstate.PathStateMachine;
import io.mpathvx.uevent.DiscoveredPath;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Wires the parts on one event-loop context: uevents → path discovery → reconciler → dm actions; dm events →
 * reconciler re-reads; checkers → path state machine → fail/reinstate actions. All fields are touched on the loop
 * only; the API reads the {@link DaemonSnapshot} published after each change.
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
    static final int REFUSED_RECHECKS = 5;
    /** Up to this many LUNs the start-up inventory is logged per LUN at INFO, beyond it at DEBUG only. */
    static final int INVENTORY_LINES = 64;
    /** Paths taken into the registry per loop turn at start-up. */
    static final int START_CHUNK = 1024;

    private final Vertx vertx;
    private final Context loop;
    private final KernelPorts kernel;
    private volatile DaemonSettings settings; // written on the loop only; replaced by reconfigure
    private final PathDiscovery discovery;
    private final Reconciler reconciler;
    private final PathStateMachine stateMachine = new PathStateMachine(Clock.systemUTC());
    private final CheckerSet checkers;
    private final CheckScheduler scheduler;
    private final Map<String, Path> paths = new HashMap<>();
    private final Map<DevT, String> pathByDevt = new HashMap<>();
    private final Map<String, String> mapOfPath = new HashMap<>();
    private final Map<Wwid, String> mapOfWwid = new HashMap<>();
    private final Map<DevT, String> mapOfDevt = new HashMap<>();
    private final Map<String, DevT> devtOfMap = new HashMap<>();
    private final Map<String, Integer> refusedAttempts = new HashMap<>();
    private final Map<Wwid, String> tableOfWwid = new HashMap<>();
    private final Map<Wwid, String> errorOfWwid = new HashMap<>();
    private final Map<String, MachineInput> machineInput = new HashMap<>();
    private final Map<String, MultipathStatus> statusSeen = new HashMap<>();
    private final Map<String, PathState> checkerSeen = new HashMap<>();
    private final Set<String> queueingChecked = new HashSet<>();
    private final Set<String> checksOff = new HashSet<>(); // paths an operator failed: not checked until reinstated
    private final Set<String> queueingOff = new HashSet<>(); // maps an operator disabled queueing on

    private final Map<String, Set<String>> pathsOfMap = new HashMap<>();
    private final Counters counters = new Counters();
    private final PathLookups lookups;
    private final Executor sysfsPool;
    private final PathDiscovery.ScanProgress scanProgress = new PathDiscovery.ScanProgress();
    private final Promise<Void> started = Promise.promise();
    private volatile UeventListener uevents;
    private volatile DmEventWatcher dmEvents;
    private long tickTimer = -1;
    private final DaemonSnapshot snapshot;
    private final TransportTimeoutWriter timeouts;

    /** What the path state machine was last configured with for a map. */
    private record MachineInput(MultipathMap map, List<String> wanted, io.mpathvx.reconciler.pathstate.MapPolicy policy) {
    }

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
        this.reconciler = new Reconciler(vertx, loop, kernel.dm(), workers, new ConfigSettings(config),
                PathProber.device(kernel.sysfs(), kernel.scsi()),
                options);
        CheckTimer checkTimer = CheckTimer.wheel(vertx);
        this.checkers = kernel.checkers().create(loop, checkTimer);
        this.scheduler = new CheckScheduler(checkTimer, settings.pollingInterval(),
                settings.maxPollingInterval(), this::onCheck);
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
            logInventory(found);
            return found;
        });
        return Future.fromCompletionStage(scan, loop).compose(found -> {
            vertx.cancelTimer(progressTimer);
            snapshot.phase(DaemonSnapshot.Phase.STARTING, "reconciling " + found.size() + " paths");
            return rememberAll(found, 0, new ArrayList<>(found.size()));
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
            LOG.info(() -> "running: " + mapOfWwid.size() + " maps, " + paths.size() + " paths");
            return null;
        });
    }

    /** The start-up inventory into the registry, {@link #START_CHUNK} paths per loop turn. */
    private Future<List<Path>> rememberAll(List<DiscoveredPath> found, int from, List<Path> into) {
        int to = Math.min(found.size(), from + START_CHUNK);
        for (int i = from; i < to; i++) into.add(remember(found.get(i).path()));
        if (to == found.size()) return Future.succeededFuture(into);
        Promise<List<Path>> next = Promise.promise();
        loop.runOnContext(v -> rememberAll(found, to, into).onComplete(next));
        return next.future();
    }

    private void logInventory(List<DiscoveredPath> found) {
        Map<String, List<DiscoveredPath>> byWwid = found.stream().collect(Collectors.groupingBy(
                d -> d.path().wwid() == null ? "(no wwid)" : d.path().wwid().value(), TreeMap::new, Collectors.toList()));
        LOG.info(() -> "found " + found.size() + " paths to " + byWwid.size() + " LUNs");
        if (!LOG.isLoggable(byWwid.size() <= INVENTORY_LINES ? Level.INFO : Level.FINE)) return;
        byWwid.forEach((wwid, ps) -> {
            Path first = ps.get(0).path();
            LOG.log(byWwid.size() <= INVENTORY_LINES ? Level.INFO : Level.FINE, () -> "LUN " + wwid + " " + first.vendor() + "," + first.product() + " size="
                    + first.sizeSectors() + " sectors, " + ps.size() + " path(s): " + ps.stream()
                    .map(d -> d.name() + " " + d.path().devt() + (d.path().scsi() == null ? "" : " " + d.path().scsi())
                            + (d.deviceState().isEmpty() ? "" : " " + d.deviceState()))
                    .collect(Collectors.joining(", ")));
        });
    }

    private Path remember(Path p) {
        Path old = paths.put(p.name(), p);
        if (old != null && !old.devt().equals(p.devt())) pathByDevt.remove(old.devt());
        pathByDevt.put(p.devt(), p.name());
        publishPath(p.name());
        return p;
    }

    private void forget(String name) {
        refusedAttempts.remove(name);
        checkerSeen.remove(name);
        Path old = paths.remove(name);
        if (old != null) pathByDevt.remove(old.devt());
        scheduler.remove(name);
        timeouts.forget(name);
        snapshot.removePath(name);
    }

    // ------------------------------------------------------------------ uevents

    private void onUevents(UeventBatch batch) {
        counters.add("uevent_batches");
        for (PathEvent e : batch.paths()) {
            if (e instanceof PathEvent.Removed r) lookups.removed(r.name());
            else lookups.lookup(e instanceof PathEvent.Added a ? a.name() : ((PathEvent.Changed) e).name());
        }
        for (MapUevent m : batch.maps()) {
            // The kernel names a map in path events (DM_NAME) but not in the change it sends on resume: then the
            // device number tells which map was reloaded, perhaps by someone else.
            String name = m.dmName() != null ? m.dmName() : m.devt() == null ? null : mapOfDevt.get(m.devt());
            if (name != null) reconciler.onMapEvent(name);
        }
    }

    /** Lookup answers, in order per path (see {@link PathLookups}): into the registry and the reconciler. */
    private void onLookups(PathLookups.Changes changes) {
        List<Path> upserted = new ArrayList<>(changes.found().size());
        for (String name : changes.removed()) {
            if (paths.containsKey(name)) LOG.info(() -> "path " + name + " removed");
            forget(name);
        }
        for (DiscoveredPath d : changes.found()) {
            if (!paths.containsKey(d.name())) LOG.info(() -> "path " + d.name() + " added: " + d.path().devt() + " wwid " + d.path().wwid());
            upserted.add(remember(d.path()));
        }
        reconciler.onPaths(upserted, changes.removed());
    }

    private void onResyncNeeded(Resync resync) {
        counters.add("resyncs");
        snapshot.resync(resync.reason() + " " + resync.detail());
        LOG.warning(() -> "uevents were lost (" + resync.reason() + " " + resync.detail() + "): rescanning all paths");
        discovery.invalidateAll();
        Future.fromCompletionStage(discovery.scanAsync(sysfsPool, SYSFS_WORKERS * 2, new PathDiscovery.ScanProgress()), loop)
                .onSuccess(found -> {
            Set<String> seen = new HashSet<>();
            List<Path> all = new ArrayList<>();
            for (DiscoveredPath d : found) {
                all.add(remember(d.path()));
                seen.add(d.name());
            }
            new ArrayList<>(paths.keySet()).stream().filter(n -> !seen.contains(n)).forEach(this::forget);
            reconciler.resync(all);
        }).onFailure(e -> LOG.log(Level.WARNING, "rescan failed: " + e.getMessage(), e));
    }

    // ------------------------------------------------------------------ dm events and maps

    private void onMapEvent(MapEvent e) {
        counters.add("dm_events");
        if (e instanceof MapEvent.Changed c) {
            reconciler.onMapEvent(c.name());
        } else if (e instanceof MapEvent.Gone g) {
            reconciler.onMapEvent(g.name());
        } else if (e instanceof MapEvent.Appeared a) {
            reconciler.onMapEvent(a.name());
        }
    }

    /** A map's view changed in the reconciler: keep the state machine and the checkers in step with the kernel. */
    private void onMapView(MapView view) {
        ObservedMap o = view.observed();
        logChange(view);
        if (view.desired() != null) view.desired().refused().forEach(this::recheckRefused);
        String oldName = mapOfWwid.get(view.wwid());
        if (oldName != null && (o == null || !o.name().equals(oldName))) {
            stateMachine.remove(oldName);
            devtOfMap.computeIfPresent(oldName, (k, devt) -> {
                mapOfDevt.remove(devt, oldName);
                return null;
            });
            machineInput.remove(oldName);
            queueingChecked.remove(oldName);
            statusSeen.remove(oldName);
            mapOfWwid.remove(view.wwid());
            Set<String> gone = pathsOfMap.remove(oldName);
            if (gone != null) gone.forEach(p -> {
                mapOfPath.remove(p);
                scheduler.remove(p);
                publishPath(p);
            });
        }
        publishMap(view);
        if (o == null || o.table() == null) return;
        mapOfWwid.put(view.wwid(), o.name());
        if (o.info() != null && o.info().devt() != null) {
            mapOfDevt.put(o.info().devt(), o.name());
            devtOfMap.put(o.name(), o.info().devt());
        }
        MultipathMap map = toModel(o);
        Set<String> now = map.paths().stream().map(Path::name).collect(Collectors.toCollection(HashSet::new));
        Set<String> before = pathsOfMap.getOrDefault(o.name(), Set.of());
        for (String p : before) {
            if (!now.contains(p)) {
                mapOfPath.remove(p);
                scheduler.remove(p);
                publishPath(p);
            }
        }
        for (Path p : map.paths()) {
            refusedAttempts.remove(p.name());
            mapOfPath.put(p.name(), o.name());
            if (!before.contains(p.name()) && paths.containsKey(p.name())) {
                SelectedChecker selected = SelectedChecker.of(view.desired(), p.name());
                scheduler.add(new CheckTarget(p.name(), p.devt(), p.devNode(), selected != null ? selected.timeout()
                        : settings.checkerTimeout(p, discovery.scsiTimeout(p.name()))), checkerFor(p, selected));
                timeouts.apply(p, o.wwid(), settings); // setup_map's sysfs_set_scsi_tmo, on the sysfs pool
            }
        }
        pathsOfMap.put(o.name(), now);
        if (!map.paths().isEmpty()) {
            // Queueing wanted is what the map was built with: the live table drops queue_if_no_path after
            // fail_if_no_path, and the state machine must still know to restore it.
            List<String> wanted = view.desired() != null ? view.desired().table().features() : o.table().features();
            var policy = operatorPolicy(o.name(), settings.stateMachinePolicy(o.wwid(), map.paths().get(0), wanted));
            List<MapAction> actions = new ArrayList<>();
            // Tell the state machine only what is new: each of its actions changes the map and comes back here.
            MachineInput input = new MachineInput(map, List.copyOf(wanted), policy);
            MachineInput previous = machineInput.put(o.name(), input);
            if (!input.equals(previous)) {
                actions.addAll(stateMachine.configure(map, policy));
            }
            // once per map, at the first view that knows the wanted table (adoption at start, or a new map)
            if (view.desired() != null && queueingChecked.add(o.name()) && restoreQueueing(o, wanted, policy)) {
                actions.add(new MapAction.QueueIfNoPath(o.name()));
            }
            if (o.status() != null && !o.status().equals(statusSeen.put(o.name(), o.status()))) {
                actions.addAll(stateMachine.observe(o.name(), o.status()));
                KernelFailedPaths.recheck(o.status(), pathByDevt::get, scheduler);
            }
            runActions(actions);
        }
        publishPathsOf(o.name());
    }

    /**
     * A map found not queueing although it should (queueing was turned off when the daemon stopped, or by another
     * tool): queueing back on when no_path_retry is queue, or when a path is active — multipathd's set_no_path_retry.
     */
    private static boolean restoreQueueing(ObservedMap o, List<String> wanted, io.mpathvx.reconciler.pathstate.MapPolicy policy) {
        if (o.table().features().contains("queue_if_no_path") || !wanted.contains("queue_if_no_path")) return false;
        NoPathRetry npr = policy.noPathRetry();
        if (npr.kind() == NoPathRetry.Kind.QUEUE) return true;
        if (npr.kind() == NoPathRetry.Kind.FAIL || npr.kind() == NoPathRetry.Kind.UNDEF || o.status() == null) return false;
        return o.status().groups().stream().anyMatch(g -> g.paths().stream().anyMatch(MultipathStatus.PathStatus::active));
    }

    /**
     * A path left out of its map (size unknown or different) is read again a few times with growing delays: a disk
     * that was just added can show its size a moment after its add uevent, and no further uevent may come.
     */
    private void recheckRefused(DesiredMap.Refused refused) {
        String name = refused.path();
        int attempt = refusedAttempts.merge(name, 1, Integer::sum);
        if (attempt > REFUSED_RECHECKS || !paths.containsKey(name)) return;
        if (attempt == 1) LOG.warning(() -> "path " + name + " left out of its map: " + refused.reason());
        vertx.setTimer(500L << (attempt - 1), id -> {
            if (paths.containsKey(name)) lookups.lookup(name);
        });
    }

    private void logChange(MapView view) {
        ObservedMap o = view.observed();
        String table = o == null || o.table() == null ? null : o.table().format();
        String before = tableOfWwid.get(view.wwid());
        if (table != null && !table.equals(before)) {
            tableOfWwid.put(view.wwid(), table);
            LOG.info(() -> "map " + o.name() + " (" + view.wwid() + ") " + (before == null ? "is live" : "now has table")
                    + ": 0 " + o.sizeSectors() + " multipath " + table);
        } else if (table == null && before != null) {
            tableOfWwid.remove(view.wwid());
            LOG.info(() -> "map " + view.name() + " (" + view.wwid() + ") removed");
        }
        if (view.lastError() != null && !view.lastError().equals(errorOfWwid.put(view.wwid(), view.lastError()))) {
            LOG.warning(() -> "map " + view.name() + " (" + view.wwid() + "): " + view.lastError()
                    + " (attempt " + view.attempts() + ", retrying)");
        } else if (view.lastError() == null) {
            errorOfWwid.remove(view.wwid());
        }
    }

    /** The selected (else configured) checker; one mpathvx does not have (cciss_tur, ...) falls back to tur. */
    private PathChecker checkerFor(Path p, SelectedChecker selected) {
        String name = selected != null ? selected.name() : settings.checker(p);
        try {
            return checkers.forName(name);
        } catch (UnknownCheckerException e) {
            LOG.warning(() -> "path " + p.name() + ": checker " + name + " is not available, using tur");
            return checkers.forName("tur");
        }
    }

    private MultipathMap toModel(ObservedMap o) {
        MultipathTable t = o.table();
        List<PathGroup> groups = new ArrayList<>();
        for (MultipathTable.Group g : t.groups()) {
            List<Path> ps = new ArrayList<>();
            for (MultipathTable.TablePath tp : g.paths()) {
                String n = pathByDevt.get(tp.devt());
                Path p = n == null ? null : paths.get(n);
                ps.add(p != null ? p : new Path("dev" + tp.devt(), tp.devt(), o.wwid(), 0, "", "", "", null, "", PathState.UNCHECKED));
            }
            groups.add(new PathGroup(g.selector() + " " + g.selectorArgs().size(), 0, ps));
        }
        return new MultipathMap(o.name(), o.uuid(), o.wwid(), o.sizeSectors(), t.features(), t.hwHandler(), groups);
    }

    // ------------------------------------------------------------------ checkers

    private void onCheck(CheckResult result) {
        counters.add("checks");
        String map = mapOfPath.get(result.path());
        if (map == null || (!checksOff.isEmpty() && checksOff.contains(result.path()))) return;
        runActions(stateMachine.check(result));
        if (result.state() != checkerSeen.put(result.path(), result.state())) publishPathsOf(map);
    }

    private void runActions(List<MapAction> actions) {
        if (actions.isEmpty()) return;
        for (MapAction a : actions) {
            counters.add("actions");
            LOG.info(() -> "map " + a.map() + ": " + describe(a));
        }
        reconciler.applyActions(actions);
    }

    private static String describe(MapAction a) {
        if (a instanceof MapAction.FailPath f) return "fail path " + f.path();
        if (a instanceof MapAction.ReinstatePath r) return "reinstate path " + r.path();
        if (a instanceof MapAction.SwitchGroup s) return "switch to group " + s.group();
        if (a instanceof MapAction.EnableGroup g) return "enable group " + g.group();
        if (a instanceof MapAction.QueueIfNoPath) return "queue_if_no_path";
        if (a instanceof MapAction.FailIfNoPath) return "fail_if_no_path";
        if (a instanceof MapAction.Suspend) return "suspend";
        if (a instanceof MapAction.Resume) return "resume";
        return a.toString();
    }

    // ------------------------------------------------------------------ snapshot for the API

    /** One map's entry, from its view: per change of that map, never a walk over all maps. */
    private void publishMap(MapView v) {
        ObservedMap o = v.observed();
        if (o == null && v.desired() == null && v.lastError() == null) {
            snapshot.removeMapOf(v.wwid().value());
            return;
        }
        snapshot.putMap(new DaemonSnapshot.MapView(v.name(), o != null ? o.uuid() : v.wwid().mapUuid(), v.wwid().value(),
                o != null ? o.sizeSectors() : v.desired() != null ? v.desired().sizeSectors() : 0,
                o == null ? null : o.table(), o == null ? null : o.status(), v.lastError() == null ? "" : v.lastError(),
                o == null ? null : o.info()));
    }

    /** The entries of a map's paths, from one view of the state machine. */
    private void publishPathsOf(String map) {
        Set<String> ps = pathsOfMap.get(map);
        if (ps == null) return;
        var mv = stateMachine.view(map).orElse(null);
        for (String name : ps) publishPath(name, map, mv);
    }

    private void publishPath(String name) {
        String map = mapOfPath.get(name);
        publishPath(name, map == null ? "" : map, map == null ? null : stateMachine.view(map).orElse(null));
    }

    /** One path's entry: its map, the checker's last verdict and the kernel's A/F as the state machine knows them. */
    private void publishPath(String name, String map, io.mpathvx.reconciler.pathstate.MapView machine) {
        Path p = paths.get(name);
        if (p == null) return;
        String checker = scheduler.lastState(name).map(Enum::name).orElse("UNCHECKED");
        String kernelState = "";
        if (machine != null) {
            for (var pv : machine.paths()) {
                if (pv.devt().equals(p.devt())) {
                    checker = pv.state().name();
                    kernelState = pv.kernel().name();
                }
            }
        }
        var view = new DaemonSnapshot.PathView(name, p.devt().toString(), p.wwid() == null ? "" : p.wwid().value(),
                map, checker, kernelState);
        if (!view.equals(snapshot.path(name).orElse(null))) snapshot.putPath(view);
    }

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
            if (!on) {
                checksOff.add(path);
            } else if (checksOff.remove(path)) {
                Path p = paths.get(path);
                var last = scheduler.lastState(path).orElse(null);
                if (p != null && last != null) runActions(stateMachine.check(new CheckResult(path, p.devt(), last, "")));
            }
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
            boolean changed = disabled ? queueingOff.add(map) : queueingOff.remove(map);
            MachineInput in = machineInput.get(map);
            if (changed && in != null) {
                var policy = operatorPolicy(map, settings.stateMachinePolicy(in.map().wwid(), in.map().paths().get(0), in.wanted()));
                machineInput.put(map, new MachineInput(in.map(), in.wanted(), policy));
                runActions(stateMachine.configure(in.map(), policy));
            }
            done.complete();
        });
        return done.future();
    }

    private io.mpathvx.reconciler.pathstate.MapPolicy operatorPolicy(String map, io.mpathvx.reconciler.pathstate.MapPolicy p) {
        if (queueingOff.isEmpty() || !queueingOff.contains(map)) return p;
        return new io.mpathvx.reconciler.pathstate.MapPolicy(NoPathRetry.FAIL, p.failback(), p.pollingInterval(), false);
    }

    /** Operator {@code resize map}: reads the paths again (on the sysfs pool); completes once the reconciler settled them. */
    Future<Void> reread(List<String> names) {
        names.forEach(discovery::invalidate); // the size is cached with the stable attributes
        var read = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            List<DiscoveredPath> found = new ArrayList<>();
            for (String n : names) {
                try {
                    discovery.discover(n).ifPresent(found::add);
                } catch (java.io.IOException e) {
                    // unreadable now: the map keeps its size
                }
            }
            return found;
        }, sysfsPool);
        return Future.fromCompletionStage(read, loop).compose(found -> {
            List<Path> up = new ArrayList<>();
            for (DiscoveredPath d : found) if (paths.containsKey(d.name())) up.add(remember(d.path()));
            reconciler.onResized(up);
            return reconciler.idle();
        });
    }

    /** Waits until the reconciler has nothing in flight (tests and dry runs); the snapshot is current then. */
    Future<Void> idle() {
        return reconciler.idle();
    }

    @Override
    public void close() {
        stop();
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
            for (var e : new ArrayList<>(machineInput.entrySet())) {
                MachineInput in = e.getValue();
                var policy = operatorPolicy(e.getKey(), settings.stateMachinePolicy(in.map().wwid(), in.map().paths().get(0), in.wanted()));
                if (policy.equals(in.policy())) continue;
                machineInput.put(e.getKey(), new MachineInput(in.map(), in.wanted(), policy));
                runActions(stateMachine.configure(in.map(), policy));
            }
            reconciler.idle().onComplete(done);
        });
        return done.future();
    }

    /**
     * Stops watching and checking, then — unless queue_without_daemon is yes — turns queueing off on every map, as
     * multipathd's cleanup_maps does: with no daemon to count retries, a map without paths would queue I/O forever
     * (the classic hang at shutdown). Completes when those messages are done.
     */
    Future<Void> stop() {
        Promise<Void> done = Promise.promise();
        loop.runOnContext(v -> {
            snapshot.phase(DaemonSnapshot.Phase.STOPPING, "");
            if (tickTimer >= 0) vertx.cancelTimer(tickTimer);
            if (uevents != null) uevents.close();
            if (dmEvents != null) dmEvents.close();
            scheduler.close();
            checkers.close();
            if (!settings.queueWithoutDaemon()) {
                List<MapAction> off = new ArrayList<>();
                for (String map : mapOfWwid.values()) off.add(new MapAction.FailIfNoPath(map));
                if (!off.isEmpty()) LOG.info(() -> "turning queueing off on " + off.size() + " maps (queue_without_daemon no)");
                reconciler.applyActions(off);
            }
            reconciler.idle().onComplete(done);
        });
        return done.future();
    }
}
