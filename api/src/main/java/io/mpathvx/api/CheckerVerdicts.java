package io.mpathvx.api;

import io.mpathvx.checkers.CheckScheduler;
import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.DevT;
import io.mpathvx.reconciler.MapAction;
import io.mpathvx.reconciler.Reconciler;
import io.mpathvx.reconciler.pathstate.PathStateMachine;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Where a checker's verdict goes (loop-only): the path state machine (whose fail/reinstate actions run), the
 * priority refresh, the reconciler's copy of the path state and the snapshot. Paths an operator failed by hand are
 * not acted on until reinstated.
 */
final class CheckerVerdicts {
    private final PathStateMachine stateMachine;
    private final CheckScheduler scheduler;
    private final SnapshotPublisher publisher;
    private final DaemonSnapshot snapshot;
    private final PriorityRefresh priorities;
    private final Reconciler reconciler;
    private final Counters counters;
    private final Consumer<List<MapAction>> runActions;
    private final Set<String> checksOff = new HashSet<>(); // paths an operator failed: not checked until reinstated

    CheckerVerdicts(PathStateMachine stateMachine, CheckScheduler scheduler, SnapshotPublisher publisher,
                    DaemonSnapshot snapshot, PriorityRefresh priorities, Reconciler reconciler, Counters counters,
                    Consumer<List<MapAction>> runActions) {
        this.stateMachine = stateMachine;
        this.scheduler = scheduler;
        this.publisher = publisher;
        this.snapshot = snapshot;
        this.priorities = priorities;
        this.reconciler = reconciler;
        this.counters = counters;
        this.runActions = runActions;
    }

    /** A checker's verdict on a path; ignored for a path in no map. */
    void onCheck(CheckResult result) {
        counters.add("checks");
        String path = result.path();
        if (!checksOff.isEmpty() && checksOff.contains(path)) return;
        String map = publisher.mapOf(path);
        if (map.isEmpty()) return;
        runActions.accept(stateMachine.check(result));
        priorities.checked(result);
        if (PathIntake.verdict(result.state())) reconciler.onPathState(path, result.state());
        publisher.pathsOf(map, List.of(path));
    }

    /** See {@link Daemon#checking}: when checking resumes, the last verdict is applied again. */
    void checking(String path, boolean on) {
        if (!on) {
            checksOff.add(path);
        } else if (checksOff.remove(path)) {
            var known = snapshot.path(path).orElse(null);
            var last = scheduler.lastState(path).orElse(null);
            if (known != null && last != null) {
                runActions.accept(stateMachine.check(new CheckResult(path, DevT.parse(known.devt()), last, "")));
            }
        }
    }
}
