package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.desired.PathInfo;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.mpathvx.reconciler.diff.ObservedMap;
import io.mpathvx.reconciler.exec.ActionExecutor;
import io.mpathvx.reconciler.exec.MapOutcome;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The reconcile passes (loop-only): one pass per loop turn plans up to {@link #PASS_BATCH} dirty WWIDs, hands their
 * actions to the {@link ActionExecutor} on the workers (at most {@link #MAX_IN_FLIGHT} maps at once) and takes the
 * outcomes back: the read-back map, a retry with backoff on failure, the published view.
 */
final class Passes {
    /** WWIDs planned per loop turn: a 10,000-map cold start must not hold the loop for seconds. */
    static final int PASS_BATCH = 32;
    /**
     * Maps with actions running at once. More would not go faster (the worker pool is the limit) but would queue their
     * completions on the loop in a burst; bounded, the loop's queue stays short and its lag low during storms.
     */
    static final int MAX_IN_FLIGHT = 64;

    /** What a pass reads and writes: the reconciler's parts. */
    record Parts(WorkQueue work, PathIndex paths, ObservedMaps observed, Backoff backoff, WwidsWriter wwids,
                 BindingsWriter names, OperatorRequests operator, ReleasedLuns released, MapViews views) {
    }

    private final Parts parts;
    private final WorkQueue work;
    private final EngineThreads threads;
    private final Executor nextTurn;
    private final ActionExecutor executor;
    private final Supplier<ReconcilerSettings> settings;
    private final boolean forceRemove;
    private final Runnable settled;
    private boolean enabled;
    private boolean scheduled;
    private boolean inPass;

    /**
     * @param nextTurn runs a task on the loop in a later turn (never inline)
     * @param settled  told when a pass or a run ended (idle waiters may go on)
     */
    Passes(Parts parts, EngineThreads threads, Executor nextTurn, ActionExecutor executor,
           Supplier<ReconcilerSettings> settings, boolean forceRemove, Runnable settled) {
        this.parts = parts;
        this.work = parts.work();
        this.threads = threads;
        this.nextTurn = nextTurn;
        this.executor = executor;
        this.settings = settings;
        this.forceRemove = forceRemove;
        this.settled = settled;
    }

    /** Passes run from now on (after start-up has read the kernel and the state files). */
    void enable() {
        enabled = true;
    }

    /** A pass is scheduled or running. */
    boolean busy() {
        return scheduled || inPass;
    }

    /** Schedules a pass for the next turn if anything is dirty (one at a time). */
    void schedule() {
        if (scheduled || !enabled || !work.hasDirty()) {
            settled.run();
            return;
        }
        scheduled = true;
        nextTurn.execute(this::pass);
    }

    /** Publishes {@code w}'s view from what the parts hold. */
    void publish(Wwid w) {
        parts.views().publish(w, work.get(w), parts.observed().get(w));
    }

    private void pass() {
        scheduled = false;
        List<WwidState> todo = work.take(PASS_BATCH);
        // A worker may finish before whenComplete is attached; its callback then runs right here, re-entrantly.
        inPass = true;
        try {
            for (int i = 0; i < todo.size(); i++) {
                WwidState s = todo.get(i);
                if (work.inFlight() >= MAX_IN_FLIGHT) { // the rest waits for finishes (they schedule the next pass)
                    work.putBack(todo.subList(i, todo.size()));
                    break;
                }
                try {
                    reconcile(s);
                } catch (RuntimeException e) {
                    // a planning bug or an unusable setting (e.g. a malformed path_selector) fails this map only
                    work.abandon(s);
                    fail(s, "planning failed: " + e);
                    publish(s.wwid);
                }
            }
        } finally {
            inPass = false;
        }
        parts.names().flush(this::aliasWritten);
        // more to do: next turn, so the loop stays responsive; at the in-flight limit, the next finish schedules it
        if (work.hasDirty() && work.inFlight() < MAX_IN_FLIGHT) schedule();
        settled.run();
    }

    private void reconcile(WwidState s) {
        Wwid w = s.wwid;
        ReconcilerSettings set = settings.get();
        BindingsWriter names = parts.names();
        List<PathInfo> ps = parts.paths().of(w);
        ObservedMap o = parts.observed().get(w);
        boolean resize = s.resizeRequested;
        s.resizeRequested = false;
        MapPlanner.Plan plan = MapPlanner.plan(w, ps, o, set, names.bindings(), parts.wwids().knows(w.value()),
                this::wwidOfMap, parts.paths()::present, forceRemove, set.bindingsReadOnly() || names.unwritable(),
                s.desired, resize);
        names.bindings(plan.bindings());
        s.desired = plan.desired();
        s.note = plan.note();
        if (plan.desired() != null && o != null) parts.wwids().remember(w.value()); // kept maps too (configure())
        boolean flushed = parts.operator().held(w);
        boolean held = flushed || parts.released().contains(w);
        if (held) { // flushed or released by an operator: its own actions only
            s.desired = null;
            s.note = flushed ? "flushed by the operator" : Reconciler.RELEASED_NOTE;
        }
        List<MapAction> actions = held ? new ArrayList<>() : new ArrayList<>(plan.actions());
        List<MapAction> ext = s.takeExternal();
        if (ext != null) {
            parts.operator().started(w);
            // a map being removed (or left without paths) takes no more messages: they would fail and be retried
            if (actions.stream().noneMatch(MapAction::removesMap)) {
                // state-machine actions address the map by its current name; after a rename they follow it
                String current = actions.isEmpty() ? null : actions.get(actions.size() - 1).nameAfter();
                for (MapAction a : ext) actions.add(current == null || current.equals(a.map()) ? a : a.withMap(current));
            }
        }
        if (actions.isEmpty()) {
            parts.backoff().cleared(s); // converged: whatever failed before no longer matters
            if (plan.desired() == null && o == null && ps.isEmpty()) forget(s);
            else publish(w);
            return;
        }
        work.started(s);
        publish(w);
        if (plan.allocate() != null && names.toFile()) names.add(new BindingsWriter.PendingAlias(w, plan.allocate(), actions));
        else run(s, actions);
    }

    private void run(WwidState s, List<MapAction> actions) {
        threads.blocking(() -> executor.runNow(s.wwid.value(), actions), (out, err) -> finished(s, out, err));
    }

    /** The bindings write for a map's alias ended: run the map, or plan it again (by WWID, or with the file's alias). */
    private void aliasWritten(BindingsWriter.PendingAlias a, boolean written) {
        WwidState s = work.state(a.wwid());
        if (written) {
            run(s, a.actions());
            return;
        }
        parts.operator().finished(a.wwid(), null, new IllegalStateException("the map was renamed meanwhile; try again"));
        work.abandon(s);
        work.markDirty(a.wwid());
        publish(a.wwid());
    }

    private void finished(WwidState s, MapOutcome out, Throwable err) {
        Wwid w = s.wwid;
        parts.operator().finished(w, out, err);
        work.finished(s);
        if (out != null) {
            parts.observed().outcomeArrived(s);
            if (out.readBack()) {
                if (out.after() == null) parts.observed().drop(w);
                else parts.observed().put(out.after());
            }
            if (out.ok()) {
                parts.backoff().cleared(s);
                if (out.actions().stream().anyMatch(a -> a instanceof MapAction.Create)) parts.wwids().remember(w.value());
            } else {
                fail(s, out.error().getMessage());
            }
        } else {
            fail(s, String.valueOf(err));
        }
        publish(w);
        schedule();
    }

    private void fail(WwidState s, String message) {
        Wwid w = s.wwid;
        parts.backoff().failed(s, message, () -> {
            work.markDirty(w);
            schedule();
        });
    }

    private String wwidOfMap(String name) {
        Wwid w = parts.observed().wwidOf(name);
        return w == null ? null : w.value();
    }

    /** Nothing left of the WWID: no paths, no map, nothing to do. */
    private void forget(WwidState s) {
        parts.backoff().cleared(s);
        s.desired = null;
        s.note = "";
        work.forgetIfEmpty(s);
        parts.views().remove(s.wwid);
    }
}
