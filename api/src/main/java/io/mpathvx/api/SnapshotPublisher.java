package io.mpathvx.api;

import io.mpathvx.checkers.CheckScheduler;
import io.mpathvx.core.model.Path;
import io.mpathvx.reconciler.MapView;
import io.mpathvx.reconciler.diff.ObservedMap;
import io.mpathvx.reconciler.pathstate.PathStateMachine;

import java.util.Collection;

/**
 * Puts the daemon's state into the {@link DaemonSnapshot} the API reads: one entry per map or path that changed,
 * never a walk over all of them. The snapshot's path entries are also the daemon's list of the paths it knows (the
 * reconciler keeps the paths themselves). Loop-only.
 */
final class SnapshotPublisher {
    private final DaemonSnapshot snapshot;
    private final CheckScheduler scheduler;
    private final PathStateMachine stateMachine;

    SnapshotPublisher(DaemonSnapshot snapshot, CheckScheduler scheduler, PathStateMachine stateMachine) {
        this.snapshot = snapshot;
        this.scheduler = scheduler;
        this.stateMachine = stateMachine;
    }

    /** Whether the path is known (found and not removed since). */
    boolean knows(String path) {
        return snapshot.path(path).isPresent();
    }

    /** The map a known path is in, "" when none. */
    String mapOf(String path) {
        return snapshot.path(path).map(DaemonSnapshot.PathView::map).orElse("");
    }

    /** One map's entry, from its view. */
    void map(MapView v) {
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

    /** A path found or read again: its identity, kept in the map it is in (if any). */
    void path(Path p) {
        String map = mapOf(p.name());
        put(p.name(), p.devt().toString(), p.wwid() == null ? "" : p.wwid().value(), map, machine(map));
    }

    /** Known paths of {@code map} (those that joined it too), from one view of its state machine. */
    void pathsOf(String map, Collection<String> paths) {
        io.mpathvx.reconciler.pathstate.MapView machine = machine(map);
        for (String name : paths) snapshot.path(name).ifPresent(old -> put(name, old.devt(), old.wwid(), map, machine));
    }

    /** A known path that is in no map now. */
    void leftMap(String path) {
        snapshot.path(path).ifPresent(old -> put(path, old.devt(), old.wwid(), "", null));
    }

    void removePath(String path) {
        snapshot.removePath(path);
    }

    private io.mpathvx.reconciler.pathstate.MapView machine(String map) {
        return map.isEmpty() ? null : stateMachine.view(map).orElse(null);
    }

    /** One path's entry: its map, the checker's last verdict and the kernel's A/F as the state machine knows them. */
    private void put(String name, String devt, String wwid, String map, io.mpathvx.reconciler.pathstate.MapView machine) {
        String checker = scheduler.lastState(name).map(Enum::name).orElse("UNCHECKED");
        String kernelState = "";
        if (machine != null) {
            for (var pv : machine.paths()) {
                if (pv.devt().toString().equals(devt)) {
                    checker = pv.state().name();
                    kernelState = pv.kernel().name();
                }
            }
        }
        var view = new DaemonSnapshot.PathView(name, devt, wwid, map, checker, kernelState);
        if (!view.equals(snapshot.path(name).orElse(null))) snapshot.putPath(view);
    }
}
