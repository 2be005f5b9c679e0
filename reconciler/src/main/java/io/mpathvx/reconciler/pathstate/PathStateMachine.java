package io.mpathvx.reconciler.pathstate;

import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.MultipathMap;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.reconciler.MapAction;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns path checker verdicts, the kernel's multipath status and the passing of time into the kernel actions that
 * multipathd would take: fail and reinstate paths, enable disabled groups, fail back to the best group, and
 * no_path_retry's recovery mode ({@code fail_if_no_path} after N polling intervals without a usable path,
 * {@code queue_if_no_path} again when a path returns).
 *
 * <p>Every input returns the actions to run for it, in order (per map). The caller runs them through the action
 * executor and feeds the kernel status it reads back to {@link #observe}; until then the machine assumes its own
 * actions took effect, so repeated verdicts do not repeat actions.
 *
 * <p>Deterministic: time comes only from the injected clock. Not thread-safe: drive it from one thread (the event
 * loop). Call {@link #tick} when {@link #nextDeadline} passes (or on a steady timer).
 */
public final class PathStateMachine {
    private final Clock clock;
    private final Map<String, MapMachine> maps = new TreeMap<>();
    private final Map<DevT, PathRoute> byDevt = new HashMap<>();
    private final Map<String, PathRoute> byPathName = new HashMap<>();

    /** Maps by their next deadline, so that {@link #tick} touches only the maps that are due, not all of them. */
    private final java.util.NavigableSet<Due> due = new java.util.TreeSet<>(
            java.util.Comparator.comparing(Due::at).thenComparing(Due::map));
    private final Map<String, Instant> dueOf = new HashMap<>();

    private record PathRoute(MapMachine map, PathTrack track) {
    }

    private record Due(Instant at, String map) {
    }

    public PathStateMachine(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Adds a map, or tells that its table was loaded again (reload, resize) and/or its policy changed. Paths keep
     * their state across a reload (matched by device number). The next {@link #observe} then reinstates usable paths
     * the new table has failed (multipathd's sync after a load); a map whose retries had run out gets
     * {@code fail_if_no_path} again, since a table with {@code queue_if_no_path} queues anew.
     * Feed that status before the first verdicts: until then a path's kernel state is unknown and an UP verdict
     * reinstates it (harmless, but one message per path).
     *
     * @param map    the map as loaded: groups and paths in table order; a path's {@link io.mpathvx.core.model.Path#state}
     *               is its initial state when the machine does not know the path yet
     * @param policy the map's no_path_retry, failback, polling interval and queueing wish
     * @throws IllegalArgumentException if a device appears twice in the map (nothing changes then)
     */
    public List<MapAction> configure(MultipathMap map, MapPolicy policy) {
        Objects.requireNonNull(map, "map");
        Objects.requireNonNull(policy, "policy");
        MapMachine.validate(map);
        Instant now = clock.instant();
        MapMachine m = maps.computeIfAbsent(map.name(), MapMachine::new);
        List<MapAction> out = new ArrayList<>(m.tick(now));
        unindex(m);
        out.addAll(m.configure(map, policy, now));
        for (PathTrack t : m.paths()) {
            PathRoute r = new PathRoute(m, t);
            byDevt.put(t.devt, r);
            byPathName.put(t.name, r);
        }
        reschedule(map.name(), m);
        return out;
    }

    /** Forgets a map (removed from the kernel). */
    public void remove(String map) {
        MapMachine m = maps.remove(map);
        if (m != null) unindex(m);
        reschedule(map, null);
    }

    /**
     * The kernel's status of a map, read back after actions or on a dm event. Paths the kernel failed (on I/O
     * errors) count as down until their checker says otherwise; down paths the kernel has active are failed; right
     * after {@link #configure}, usable paths the kernel has failed are reinstated. Unknown maps are ignored.
     */
    public List<MapAction> observe(String map, MultipathStatus status) {
        Objects.requireNonNull(status, "status");
        MapMachine m = maps.get(map);
        if (m == null) return List.of();
        Instant now = clock.instant();
        List<MapAction> out = concat(m.tick(now), m.observe(status, now));
        reschedule(map, m);
        return out;
    }

    /**
     * A checker verdict. Found by device number, else by name; results for paths in no configured map are ignored.
     * PENDING (and UNCHECKED, WILD) keep the previous state and do nothing.
     */
    public List<MapAction> check(CheckResult result) {
        Objects.requireNonNull(result, "result");
        PathRoute r = result.devt() != null ? byDevt.get(result.devt()) : byPathName.get(result.path());
        if (r == null) return List.of();
        Instant now = clock.instant();
        List<MapAction> out = concat(r.map().tick(now), r.map().check(r.track(), result, now));
        reschedule(r.map().name(), r.map());
        return out;
    }

    /** Runs what is due: fail_if_no_path for maps whose retries ran out, deferred failbacks. */
    public List<MapAction> tick() {
        Instant now = clock.instant();
        List<MapAction> out = new ArrayList<>(0);
        while (!due.isEmpty() && !due.first().at().isAfter(now)) {
            Due d = due.pollFirst();
            dueOf.remove(d.map());
            MapMachine m = maps.get(d.map());
            if (m == null) continue;
            out.addAll(m.tick(now));
            reschedule(d.map(), m);
        }
        return out;
    }

    /** The earliest time {@link #tick} has something to do; empty if nothing is scheduled. */
    public Optional<Instant> nextDeadline() {
        return due.isEmpty() ? Optional.empty() : Optional.of(due.first().at());
    }

    public Optional<MapView> view(String map) {
        MapMachine m = maps.get(map);
        return m == null ? Optional.empty() : Optional.of(m.view(clock.instant()));
    }

    /** All maps, by name. */
    public List<MapView> views() {
        Instant now = clock.instant();
        return maps.values().stream().map(m -> m.view(now)).toList();
    }

    /** Files {@code m} (null: gone) under its next deadline. */
    private void reschedule(String name, MapMachine m) {
        Instant old = dueOf.remove(name);
        if (old != null) due.remove(new Due(old, name));
        Instant next = m == null ? null : m.nextDeadline().orElse(null);
        if (next != null) {
            dueOf.put(name, next);
            due.add(new Due(next, name));
        }
    }

    /** What was due, then what the input caused; mostly one of them is empty. */
    private static List<MapAction> concat(List<MapAction> due, List<MapAction> caused) {
        if (due.isEmpty()) return caused;
        List<MapAction> out = new ArrayList<>(due.size() + caused.size());
        out.addAll(due);
        out.addAll(caused);
        return out;
    }

    private void unindex(MapMachine m) {
        for (PathTrack t : m.paths()) {
            PathRoute r = byDevt.get(t.devt);
            if (r != null && r.map() == m) byDevt.remove(t.devt);
            r = byPathName.get(t.name);
            if (r != null && r.map() == m) byPathName.remove(t.name);
        }
    }
}
