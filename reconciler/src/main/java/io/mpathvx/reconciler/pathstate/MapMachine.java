package io.mpathvx.reconciler.pathstate;

import io.mpathvx.core.config.Failback;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.MultipathMap;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathGroup;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.reconciler.MapAction;
import io.mpathvx.reconciler.pathstate.MapView.Recovery;
import io.mpathvx.reconciler.pathstate.PathView.Kernel;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The path state machine of one map, with multipathd's semantics (update_path_state, update_multipath,
 * sync_map_state, set_no_path_retry, the failback rules). Single-threaded; every input returns the actions to run,
 * in order.
 */
final class MapMachine {
    private final String name;
    private MapPolicy policy;
    private List<List<PathTrack>> groups = List.of();
    private Map<DevT, PathTrack> byDevt = Map.of();

    /** The kernel's next path group, 1-based; 0 while unknown. */
    private int kernelGroup;
    /** The kernel's group states in table order; null while unknown. */
    private MultipathStatus.GroupState[] kernelGroupStates;
    /** After a table load: the next kernel status may reinstate usable paths the kernel shows failed. */
    private boolean syncPending = true;

    private Recovery recovery = Recovery.NORMAL;
    private Instant recoverySince;
    private Instant recoveryDue;
    private Instant failbackDue;

    MapMachine(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    List<PathTrack> paths() {
        return groups.stream().flatMap(List::stream).toList();
    }

    /** Throws IllegalArgumentException if the map cannot be a dm-multipath table (a device used twice). */
    static void validate(MultipathMap map) {
        Set<DevT> seen = new HashSet<>();
        for (PathGroup pg : map.groups()) {
            for (Path p : pg.paths()) {
                if (!seen.add(p.devt()))
                    throw new IllegalArgumentException("path " + p.devt() + " appears twice in map " + map.name());
            }
        }
    }

    /** A new table (or the first one) and/or a new policy; the map must be {@link #validate valid}. */
    List<MapAction> configure(MultipathMap map, MapPolicy newPolicy, Instant now) {
        List<MapAction> out = new ArrayList<>();
        if (!sameLayout(map)) {
            List<List<PathTrack>> newGroups = new ArrayList<>(map.groups().size());
            Map<DevT, PathTrack> newIndex = new HashMap<>();
            int g = 0;
            for (PathGroup pg : map.groups()) {
                List<PathTrack> tracks = new ArrayList<>(pg.paths().size());
                for (Path p : pg.paths()) {
                    PathTrack old = byDevt.get(p.devt());
                    PathTrack t = old != null ? old.movedTo(g) : PathTrack.fresh(p, g, now);
                    tracks.add(t);
                    newIndex.put(t.devt, t);
                }
                newGroups.add(List.copyOf(tracks));
                g++;
            }
            groups = List.copyOf(newGroups);
            byDevt = newIndex;
            // Group numbers changed meaning: read the kernel's back before switching or enabling groups.
            kernelGroup = 0;
            kernelGroupStates = null;
        }
        // A loaded table starts with every path active: the next status is compared path by path.
        syncPending = true;
        MapPolicy old = policy;
        policy = newPolicy;
        if (old != null && recovery != Recovery.NORMAL && !policy.countsRetries()) {
            // no_path_retry changed while recovering: apply the new mode now, as multipathd's leave_recovery_mode.
            if (policy.queueIfNoPath() && policy.noPathRetry().kind() == NoPathRetry.Kind.QUEUE
                    && recovery == Recovery.QUEUEING_DISABLED) {
                out.add(new MapAction.QueueIfNoPath(name));
            } else if (policy.noPathRetry().kind() == NoPathRetry.Kind.FAIL && recovery == Recovery.RECOVERING) {
                out.add(new MapAction.FailIfNoPath(name));
            }
            normal();
        } else if (recovery == Recovery.RECOVERING) {
            recoveryDue = recoverySince.plus(policy.recoveryTime());
        } else if (old != null && recovery == Recovery.NORMAL && old.noPathRetry().kind() != policy.noPathRetry().kind()) {
            // reconfigure changed the mode: it applies at once (structs_vec.c set_no_path_retry)
            if (policy.noPathRetry().kind() == NoPathRetry.Kind.FAIL) {
                out.add(new MapAction.FailIfNoPath(name));
            } else if (old.noPathRetry().kind() == NoPathRetry.Kind.FAIL && policy.queueIfNoPath()) {
                out.add(new MapAction.QueueIfNoPath(name));
            }
        }
        if (policy.failback().mode() != Failback.Mode.DEFERRED) failbackDue = null;
        if (recovery == Recovery.QUEUEING_DISABLED && policy.countsRetries() && usableCount() == 0) {
            // A table loaded with queue_if_no_path queues again: the retries already ran out (set_no_path_retry).
            out.add(new MapAction.FailIfNoPath(name));
        }
        leaveRecoveryIfUsable(out);
        enterRecoveryIfNoneUsable(now);
        return out;
    }

    private boolean sameLayout(MultipathMap map) {
        if (map.groups().size() != groups.size()) return false;
        for (int g = 0; g < groups.size(); g++) {
            List<Path> want = map.groups().get(g).paths();
            List<PathTrack> have = groups.get(g);
            if (want.size() != have.size()) return false;
            for (int i = 0; i < want.size(); i++) {
                if (!want.get(i).devt().equals(have.get(i).devt)) return false;
            }
        }
        return true;
    }

    /** A checker verdict for one of this map's paths (multipathd update_path_state). */
    List<MapAction> check(PathTrack t, CheckResult result, Instant now) {
        PathState verdict = result.state();
        t.message = result.message();
        // In flight, or the checker could not run: keep the previous state, do nothing.
        if (verdict == PathState.PENDING || verdict == PathState.UNCHECKED || verdict == PathState.WILD) return List.of();
        PathState v = PathTrack.kept(verdict);
        PathState old = t.state;
        PathState oldChecker = t.checker;
        boolean changed = v != old;
        if (v == PathState.DELAYED) {
            // Reinstating is held back (marginal path handling): no kernel action either way.
            t.enter(v, now);
            enterRecoveryIfNoneUsable(now);
            return List.of();
        }
        List<MapAction> out = new ArrayList<>(2);
        t.checker = v;
        t.enter(v, now);
        if (v.usable()) {
            if (t.kernel != Kernel.ACTIVE) {
                out.add(new MapAction.ReinstatePath(name, t.devt));
                t.kernel = Kernel.ACTIVE;
            }
            leaveRecoveryIfUsable(out);
            if (v == PathState.UP) enableGroupIfDisabled(t.group, out);
            boolean cameUp = changed && !old.usable();
            failback(t, cameUp, cameUp && !oldChecker.usable(), now, out);
        } else {
            if (t.kernel != Kernel.FAILED) {
                out.add(new MapAction.FailPath(name, t.devt));
                t.kernel = Kernel.FAILED;
            }
            if (changed) failbackDue = null; // a path failed: a scheduled failback is cancelled
            enterRecoveryIfNoneUsable(now);
        }
        return out;
    }

    /** The kernel's status, read back (multipathd setup_multipath + sync_map_state + update_multipath). */
    List<MapAction> observe(MultipathStatus status, Instant now) {
        List<MapAction> out = new ArrayList<>(0);
        for (List<PathTrack> g : groups) for (PathTrack t : g) t.kernel = Kernel.UNKNOWN;
        for (MultipathStatus.Group g : status.groups()) {
            for (MultipathStatus.PathStatus ps : g.paths()) {
                PathTrack t = byDevt.get(ps.devt());
                if (t != null) t.kernel = ps.active() ? Kernel.ACTIVE : Kernel.FAILED;
            }
        }
        if (status.groups().size() == groups.size()) {
            kernelGroupStates = status.groups().stream().map(MultipathStatus.Group::state)
                    .toArray(MultipathStatus.GroupState[]::new);
            kernelGroup = status.nextGroup();
        } else {
            // A status of another table (a reload raced the read): group numbers mean nothing here.
            kernelGroupStates = null;
            kernelGroup = 0;
        }
        // Down paths the kernel has active (a table load reactivates every path) are failed at once. Usable paths
        // the kernel has failed are reinstated only right after a load: otherwise the kernel failed them on I/O
        // errors, which the checker must confirm or refute first.
        boolean reinstate = syncPending;
        syncPending = false;
        for (List<PathTrack> g : groups) {
            for (PathTrack t : g) {
                if (reinstate && t.state.usable() && t.kernel == Kernel.FAILED) {
                    out.add(new MapAction.ReinstatePath(name, t.devt));
                    t.kernel = Kernel.ACTIVE;
                } else if (t.down() && t.kernel == Kernel.ACTIVE) {
                    out.add(new MapAction.FailPath(name, t.devt));
                    t.kernel = Kernel.FAILED;
                }
            }
        }
        // The kernel failed these on I/O errors: down until a checker says otherwise.
        for (List<PathTrack> g : groups) {
            for (PathTrack t : g) {
                if (t.kernel == Kernel.FAILED && !t.down()) {
                    t.enter(PathState.DOWN, now);
                    t.message = "failed by the kernel";
                }
            }
        }
        enterRecoveryIfNoneUsable(now);
        return out;
    }

    /** Time passed: recovery expiry and deferred failback. */
    List<MapAction> tick(Instant now) {
        boolean recoveryDueNow = recovery == Recovery.RECOVERING && !now.isBefore(recoveryDue);
        if (!recoveryDueNow && (failbackDue == null || now.isBefore(failbackDue))) return List.of();
        List<MapAction> out = new ArrayList<>(1);
        if (recovery == Recovery.RECOVERING && !now.isBefore(recoveryDue)) {
            out.add(new MapAction.FailIfNoPath(name));
            recovery = Recovery.QUEUEING_DISABLED;
            recoveryDue = null;
        }
        if (failbackDue != null && !now.isBefore(failbackDue)) {
            failbackDue = null;
            int best = switchWanted();
            if (best > 0) switchTo(best, out);
        }
        return out;
    }

    Optional<Instant> nextDeadline() {
        Instant r = recovery == Recovery.RECOVERING ? recoveryDue : null;
        if (r == null) return Optional.ofNullable(failbackDue);
        if (failbackDue == null) return Optional.of(r);
        return Optional.of(r.isBefore(failbackDue) ? r : failbackDue);
    }

    MapView view(Instant now) {
        long left = 0;
        if (recovery == Recovery.RECOVERING) {
            Duration rest = Duration.between(now, recoveryDue);
            long nanos = Math.max(0, rest.toNanos());
            long interval = policy.pollingInterval().toNanos();
            left = (nanos + interval - 1) / interval;
        }
        List<PathView> pv = new ArrayList<>();
        for (List<PathTrack> g : groups) for (PathTrack t : g) pv.add(t.view());
        return new MapView(name, policy, pv, usableCount(), bestGroup(), kernelGroup, recovery, recoverySince, left,
                failbackDue);
    }

    // ---- failback ----

    private void failback(PathTrack t, boolean cameUp, boolean checkerCameUp, Instant now, List<MapAction> out) {
        int best = switchWanted();
        if (best == 0) return;
        Failback fb = policy.failback();
        switch (fb.mode()) {
            case IMMEDIATE -> switchTo(best, out);
            case FOLLOWOVER -> {
                if (checkerCameUp && followover(t, best)) switchTo(best, out);
            }
            case DEFERRED -> {
                // A path coming up restarts the wait; otherwise a wait already running is kept.
                if (cameUp || failbackDue == null) failbackDue = now.plus(fb.delay());
            }
            case MANUAL -> {
            }
        }
    }

    /** The group to switch to, 1-based, or 0 when no switch is wanted (multipathd need_switch_pathgroup). */
    private int switchWanted() {
        if (groups.size() < 2 || kernelGroup == 0 || policy.failback().mode() == Failback.Mode.MANUAL) return 0;
        int best = bestGroup();
        return best == 0 || best == kernelGroup ? 0 : best;
    }

    /**
     * Followover: {@code t} came up in the best group and every other path of that group is down by its checker,
     * so the group as a whole has just come back.
     */
    private boolean followover(PathTrack t, int best) {
        if (t.group + 1 != best) return false;
        for (PathTrack other : groups.get(t.group)) {
            if (other == t) continue;
            if (other.checker != PathState.DOWN && other.checker != PathState.SHAKY) return false;
        }
        return true;
    }

    private void switchTo(int group, List<MapAction> out) {
        out.add(new MapAction.SwitchGroup(name, group));
        kernelGroup = group; // until the status is read back
    }

    /**
     * The first group in table order with a usable path, 1-based; 0 if none, or while a group before it still waits
     * for its first verdicts: multipathd checks every path before it picks a group, so a worse group's first UP
     * must not win over a better group that is simply not checked yet (the start-up flap of ALUA maps).
     */
    private int bestGroup() {
        for (int g = 0; g < groups.size(); g++) {
            boolean unchecked = false;
            for (PathTrack t : groups.get(g)) {
                if (t.state.usable()) return g + 1;
                if (t.state == PathState.UNCHECKED) unchecked = true;
            }
            if (unchecked) return 0;
        }
        return 0;
    }

    private void enableGroupIfDisabled(int group, List<MapAction> out) {
        if (kernelGroupStates != null && kernelGroupStates[group] == MultipathStatus.GroupState.DISABLED) {
            out.add(new MapAction.EnableGroup(name, group + 1));
            kernelGroupStates[group] = MultipathStatus.GroupState.ENABLED;
        }
    }

    // ---- recovery mode (no_path_retry N) ----

    private int usableCount() {
        int n = 0;
        for (List<PathTrack> g : groups) for (PathTrack t : g) if (t.state.usable()) n++;
        return n;
    }

    private void enterRecoveryIfNoneUsable(Instant now) {
        if (!policy.countsRetries() || recovery != Recovery.NORMAL || usableCount() > 0) return;
        // Like multipathd, wait until every path has a verdict before starting to count.
        for (List<PathTrack> g : groups) for (PathTrack t : g) if (t.state == PathState.UNCHECKED) return;
        recovery = Recovery.RECOVERING;
        recoverySince = now;
        recoveryDue = now.plus(policy.recoveryTime());
    }

    private void leaveRecoveryIfUsable(List<MapAction> out) {
        if (recovery == Recovery.NORMAL || usableCount() == 0) return;
        normal();
        out.add(new MapAction.QueueIfNoPath(name));
    }

    private void normal() {
        recovery = Recovery.NORMAL;
        recoverySince = null;
        recoveryDue = null;
    }
}
