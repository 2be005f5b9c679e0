package io.mpathvx.api;

import io.mpathvx.core.config.Failback;
import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.MapView;
import io.mpathvx.reconciler.PathProber;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.PathGroup;
import io.mpathvx.reconciler.desired.PathInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Re-reads path priorities after checks, as multipathd's checker loop does (multipathd/main.c check_path sets
 * prio_update when a path checks up or ghost; update_mpp_prio → update_prio re-reads the priority of the map's usable
 * paths, and a change that leaves the groups out of order makes the map reload). A usable check result re-runs the
 * path's prioritizer on a worker; when the priority differs from the one the map was planned with, every path of the
 * map goes back to the reconciler to be probed and planned again (update_prio's second loop), which reloads the map
 * when its groups change. Maps with failback manual or followover are left as they are, as update_mpp_prio leaves them
 * on a priority change; deferred failback regroups at once (its delay is not applied here).
 *
 * <p>Loop-confined; at most {@link #MAX_IN_FLIGHT} probes run at once and a check whose path is still being probed
 * adds none, so the work per polling interval is bounded by the paths checked. While path lookups are pending (a
 * storm) no refresh starts: the lookups need the sysfs pool, and the paths they find are probed when planned anyway.
 */
final class PriorityRefresh {
    /** Half the sysfs pool: path lookups keep the other half even when devices hang. */
    static final int MAX_IN_FLIGHT = 2;

    /** What the map was planned with for one path. */
    private record Known(PathInfo info, Wwid wwid, String map, MapPolicy policy) {
    }

    private final Executor pool;
    private final Consumer<Runnable> onLoop;
    private final PathProber prober;
    private final Function<String, Failback> failbackOf;
    private final Consumer<List<Path>> replan;
    private final java.util.function.BooleanSupplier lookupsPending;
    private final Map<String, Known> known = new HashMap<>();
    private final Map<Wwid, Set<String>> pathsOfWwid = new HashMap<>();
    private final Set<String> inFlight = new HashSet<>();

    /**
     * @param failbackOf the failback of a map by name, null when unknown
     * @param replan     hands paths back to the reconciler (probed and planned again)
     * @param lookupsPending whether path lookups run or wait on the pool
     */
    PriorityRefresh(Executor pool, Consumer<Runnable> onLoop, PathProber prober, Function<String, Failback> failbackOf,
                    Consumer<List<Path>> replan, java.util.function.BooleanSupplier lookupsPending) {
        this.pool = pool;
        this.onLoop = onLoop;
        this.prober = prober;
        this.failbackOf = failbackOf;
        this.replan = replan;
        this.lookupsPending = lookupsPending;
    }

    /** A map's planned paths and priorities (the reconciler's view of it changed). */
    void onView(MapView view) {
        Set<String> now = new LinkedHashSet<>();
        if (view.desired() != null) {
            for (PathGroup g : view.desired().groups()) {
                for (PathInfo p : g.paths()) {
                    known.put(p.path().name(), new Known(p, view.wwid(), view.name(), view.desired().policy()));
                    now.add(p.path().name());
                }
            }
        }
        Set<String> before = now.isEmpty() ? pathsOfWwid.remove(view.wwid()) : pathsOfWwid.put(view.wwid(), now);
        if (before != null) {
            for (String gone : before) {
                if (!now.contains(gone)) known.computeIfPresent(gone, (k, v) -> v.wwid().equals(view.wwid()) ? null : v);
            }
        }
    }

    /** A check result: a usable path's priority is read again. */
    void checked(CheckResult result) {
        Known k = known.get(result.path());
        if (k == null || !result.state().usable() || inFlight.contains(result.path())) return;
        if (inFlight.size() >= MAX_IN_FLIGHT || lookupsPending.getAsBoolean() || !regroups(failbackOf.apply(k.map()))) return;
        inFlight.add(result.path());
        CompletableFuture.supplyAsync(() -> prober.probe(k.info().path(), k.policy()).priority(), pool)
                .whenComplete((priority, err) -> onLoop.accept(() -> answered(result.path(), priority)));
    }

    private void answered(String name, Integer priority) {
        inFlight.remove(name);
        Known k = known.get(name);   // the map may have been planned again meanwhile: compare with that
        if (priority == null || k == null || priority == k.info().priority()) return;
        List<Path> all = new ArrayList<>();
        for (String p : pathsOfWwid.getOrDefault(k.wwid(), Set.of())) {
            Known o = known.get(p);
            if (o != null) all.add(o.info().path());
        }
        replan.accept(all);
    }

    /** update_mpp_prio: a plain priority change acts on immediate failback only (deferred: at once here). */
    private static boolean regroups(Failback f) {
        return f != null && (f.mode() == Failback.Mode.IMMEDIATE || f.mode() == Failback.Mode.DEFERRED);
    }
}
