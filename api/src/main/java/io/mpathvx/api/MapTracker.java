package io.mpathvx.api;

import io.mpathvx.checkers.CheckScheduler;
import io.mpathvx.checkers.CheckTarget;
import io.mpathvx.checkers.CheckerSet;
import io.mpathvx.checkers.PathChecker;
import io.mpathvx.checkers.UnknownCheckerException;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.MultipathMap;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathGroup;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.reconciler.MapAction;
import io.mpathvx.reconciler.MapView;
import io.mpathvx.reconciler.desired.PathInfo;
import io.mpathvx.reconciler.diff.ObservedMap;
import io.mpathvx.reconciler.pathstate.MapPolicy;
import io.mpathvx.reconciler.pathstate.PathStateMachine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Keeps the path state machine and the checkers in step with the reconciler's maps: per view of a WWID, the map's
 * paths (from the plan the view carries) are configured into the state machine, paths that joined a map get a
 * checker, paths that left lose it. Holds only per-map indexes (names by WWID and device number, paths per map);
 * the paths themselves are the reconciler's. Loop-only.
 */
final class MapTracker {
    private static final Logger LOG = Logger.getLogger(MapTracker.class.getName());

    private final PathStateMachine stateMachine;
    private final CheckScheduler scheduler;
    private final CheckerSet checkers;
    private final SnapshotPublisher publisher;
    private final TransportTimeoutWriter timeouts;
    private final RefusedPathRechecker refused;
    private final Function<String, OptionalInt> scsiTimeout;
    private final Consumer<List<MapAction>> actions;
    private DaemonSettings settings;

    private final Map<Wwid, String> mapOfWwid = new HashMap<>();
    private final Map<DevT, String> mapOfDevt = new HashMap<>();
    private final Map<String, DevT> devtOfMap = new HashMap<>();
    private final Map<String, Set<String>> pathsOfMap = new HashMap<>();
    private final Map<String, MachineInput> machineInput = new HashMap<>();
    private final Map<String, MultipathStatus> statusSeen = new HashMap<>();
    private final Set<String> queueingChecked = new HashSet<>();
    private final Set<String> queueingOff = new HashSet<>(); // maps an operator disabled queueing on

    /** What the path state machine was last configured with for a map. */
    private record MachineInput(MultipathMap map, List<String> wanted, MapPolicy policy) {
    }

    /**
     * @param scsiTimeout a path's SCSI command timeout in seconds as sysfs last said (checker_timeout's default)
     * @param actions     where the state machine's actions go (the reconciler)
     */
    MapTracker(PathStateMachine stateMachine, CheckScheduler scheduler, CheckerSet checkers, SnapshotPublisher publisher,
               TransportTimeoutWriter timeouts, RefusedPathRechecker refused, Function<String, OptionalInt> scsiTimeout,
               Consumer<List<MapAction>> actions, DaemonSettings settings) {
        this.stateMachine = stateMachine;
        this.scheduler = scheduler;
        this.checkers = checkers;
        this.publisher = publisher;
        this.timeouts = timeouts;
        this.refused = refused;
        this.scsiTimeout = scsiTimeout;
        this.actions = actions;
        this.settings = settings;
    }

    /** The map's name for a dm device number (a resume uevent names no map), null when unknown. */
    String mapOfDevt(DevT devt) {
        return mapOfDevt.get(devt);
    }

    /** The names of the maps with a table, for stopping. */
    /** The failback policy the state machine has for a map; null for a map it does not know. */
    io.mpathvx.core.config.Failback failback(String map) {
        MachineInput in = machineInput.get(map);
        return in == null ? null : in.policy().failback();
    }

    java.util.Collection<String> mapNames() {
        return mapOfWwid.values();
    }

    /** A map's view changed in the reconciler: the state machine and the checkers follow the kernel's map. */
    void onMapView(MapView view) {
        ObservedMap o = view.observed();
        if (view.desired() != null) view.desired().refused().forEach(refused::refused);
        String oldName = mapOfWwid.get(view.wwid());
        MachineInput previous = oldName == null ? null : machineInput.get(oldName);
        if (oldName != null && (o == null || !o.name().equals(oldName))) forgetMap(view.wwid(), oldName);
        publisher.map(view);
        if (o == null || o.table() == null) return;
        mapOfWwid.put(view.wwid(), o.name());
        if (o.info() != null && o.info().devt() != null) {
            mapOfDevt.put(o.info().devt(), o.name());
            devtOfMap.put(o.name(), o.info().devt());
        }
        MultipathMap map = model(view, previous);
        Set<String> now = new HashSet<>();
        for (Path p : map.paths()) now.add(p.name());
        Set<String> before = pathsOfMap.getOrDefault(o.name(), Set.of());
        for (String p : before) if (!now.contains(p)) leave(p);
        pathsOfMap.put(o.name(), now);
        Map<DevT, String> nameOfDevt = new HashMap<>();
        for (Path p : map.paths()) {
            nameOfDevt.put(p.devt(), p.name());
            refused.forget(p.name());
            if (!before.contains(p.name()) && publisher.knows(p.name())) {
                SelectedChecker selected = SelectedChecker.of(view.desired(), p.name());
                scheduler.add(new CheckTarget(p.name(), p.devt(), p.devNode(), selected != null ? selected.timeout()
                        : settings.checkerTimeout(p, scsiTimeout.apply(p.name()))), checkerFor(p, selected));
                timeouts.apply(p, o.wwid(), settings); // setup_map's sysfs_set_scsi_tmo, on the sysfs pool
            }
        }
        if (!map.paths().isEmpty()) configure(view, o, map, nameOfDevt);
        publisher.pathsOf(o.name(), now);
    }

    private void configure(MapView view, ObservedMap o, MultipathMap map, Map<DevT, String> nameOfDevt) {
        // Queueing wanted is what the map was built with: the live table drops queue_if_no_path after
        // fail_if_no_path, and the state machine must still know to restore it.
        List<String> wanted = view.desired() != null ? view.desired().table().features() : o.table().features();
        MapPolicy policy = operatorPolicy(o.name(), settings.stateMachinePolicy(o.wwid(), map.paths().get(0), wanted));
        List<MapAction> out = new ArrayList<>();
        // Tell the state machine only what is new: each of its actions changes the map and comes back here.
        MachineInput input = new MachineInput(map, List.copyOf(wanted), policy);
        if (!input.equals(machineInput.put(o.name(), input))) out.addAll(stateMachine.configure(map, policy));
        // once per map, at the first view that knows the wanted table (adoption at start, or a new map)
        if (view.desired() != null && queueingChecked.add(o.name()) && restoreQueueing(o, wanted, policy)) {
            out.add(new MapAction.QueueIfNoPath(o.name()));
        }
        if (o.status() != null && !o.status().equals(statusSeen.put(o.name(), o.status()))) {
            out.addAll(stateMachine.observe(o.name(), o.status()));
            KernelFailedPaths.recheck(o.status(), nameOfDevt::get, scheduler);
        }
        actions.accept(out);
    }

    private void forgetMap(Wwid wwid, String name) {
        stateMachine.remove(name);
        devtOfMap.computeIfPresent(name, (k, devt) -> {
            mapOfDevt.remove(devt, name);
            return null;
        });
        machineInput.remove(name);
        queueingChecked.remove(name);
        statusSeen.remove(name);
        mapOfWwid.remove(wwid);
        Set<String> gone = pathsOfMap.remove(name);
        if (gone != null) gone.forEach(this::leave);
    }

    private void leave(String path) {
        scheduler.remove(path);
        publisher.leftMap(path);
    }

    /**
     * The map as the state machine sees it: the kernel's groups, each path found in the plan the view carries (the
     * reconciler's paths), else in the map as last configured, else named by its device number (a path the kernel
     * still has but the daemon no longer knows). Path states are left out: the machine keeps its own.
     */
    private static MultipathMap model(MapView view, MachineInput previous) {
        Map<DevT, Path> known = new HashMap<>();
        if (previous != null) for (Path p : previous.map().paths()) known.put(p.devt(), p);
        if (view.desired() != null) {
            for (var g : view.desired().groups()) for (PathInfo i : g.paths()) known.put(i.path().devt(), i.path());
        }
        ObservedMap o = view.observed();
        List<PathGroup> groups = new ArrayList<>(o.table().groups().size());
        for (MultipathTable.Group g : o.table().groups()) {
            List<Path> ps = new ArrayList<>(g.paths().size());
            for (MultipathTable.TablePath tp : g.paths()) {
                Path p = known.get(tp.devt());
                if (p == null) p = new Path("dev" + tp.devt(), tp.devt(), o.wwid(), 0, "", "", "", null, "", PathState.UNCHECKED);
                ps.add(p.state() == PathState.UNCHECKED ? p : p.withState(PathState.UNCHECKED));
            }
            groups.add(new PathGroup(g.selector() + " " + g.selectorArgs().size(), 0, ps));
        }
        return new MultipathMap(o.name(), o.uuid(), o.wwid(), o.sizeSectors(), o.table().features(), o.table().hwHandler(), groups);
    }

    /**
     * A map found not queueing although it should (queueing was turned off when the daemon stopped, or by another
     * tool): queueing back on when no_path_retry is queue, or when a path is active — multipathd's set_no_path_retry.
     */
    private static boolean restoreQueueing(ObservedMap o, List<String> wanted, MapPolicy policy) {
        if (o.table().features().contains("queue_if_no_path") || !wanted.contains("queue_if_no_path")) return false;
        NoPathRetry npr = policy.noPathRetry();
        if (npr.kind() == NoPathRetry.Kind.QUEUE) return true;
        if (npr.kind() == NoPathRetry.Kind.FAIL || npr.kind() == NoPathRetry.Kind.UNDEF || o.status() == null) return false;
        return o.status().groups().stream().anyMatch(g -> g.paths().stream().anyMatch(MultipathStatus.PathStatus::active));
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

    /**
     * Operator {@code disablequeueing} / {@code restorequeueing}: while disabled the state machine treats the map as
     * no_path_retry fail (multipathd's disable_queueing flag), so nothing turns queueing back on behind the operator.
     */
    void queueing(String map, boolean disabled) {
        boolean changed = disabled ? queueingOff.add(map) : queueingOff.remove(map);
        MachineInput in = machineInput.get(map);
        if (changed && in != null) reapply(map, in);
    }

    /** New settings (reconfigure): each map's state machine takes its new no_path_retry and failback at once. */
    void reconfigure(DaemonSettings newSettings) {
        settings = newSettings;
        for (var e : new ArrayList<>(machineInput.entrySet())) reapply(e.getKey(), e.getValue());
    }

    private void reapply(String map, MachineInput in) {
        MapPolicy policy = operatorPolicy(map, settings.stateMachinePolicy(in.map().wwid(), in.map().paths().get(0), in.wanted()));
        if (policy.equals(in.policy())) return;
        machineInput.put(map, new MachineInput(in.map(), in.wanted(), policy));
        actions.accept(stateMachine.configure(in.map(), policy));
    }

    private MapPolicy operatorPolicy(String map, MapPolicy p) {
        if (queueingOff.isEmpty() || !queueingOff.contains(map)) return p;
        return new MapPolicy(NoPathRetry.FAIL, p.failback(), p.pollingInterval(), false);
    }
}
