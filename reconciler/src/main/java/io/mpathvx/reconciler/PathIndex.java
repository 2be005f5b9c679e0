package io.mpathvx.reconciler;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.desired.PathInfo;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The reconciler's one index of paths (loop-only): each path by kernel name, with its probed info and the stamp of
 * the last event about it, chained to the other paths of its WWID; and which devices are present. One small entry per
 * path: 10,000 LUNs x 4 paths must fit a small heap.
 *
 * <p>Events stamp paths; a probe answer is applied only if no later event stamped its path meanwhile (a stale answer
 * never overwrites a newer one, nor brings back a removed path).
 */
final class PathIndex {
    /** One path. {@code info} is null while its first probe runs; {@code next} is the next path of the same WWID. */
    private static final class Entry {
        PathInfo info;
        long stamp;
        Entry next;
    }

    private final Map<String, Entry> byName = new HashMap<>();
    private final Map<Wwid, Entry> firstOfWwid = new HashMap<>();
    private final Map<DevT, Integer> devices = new HashMap<>(); // how many probed paths have each device number
    private final Consumer<Wwid> changed;
    private long stamps;

    /** @param changed told of each WWID whose set of paths (or their info) changed */
    PathIndex(Consumer<Wwid> changed) {
        this.changed = changed;
    }

    /** An event about these paths: stamps them (a probe answer is applied under its stamp only); returns the stamp. */
    long stamp(Collection<Path> paths) {
        long s = ++stamps;
        for (Path p : paths) byName.computeIfAbsent(p.name(), k -> new Entry()).stamp = s;
        return s;
    }

    /** Whether {@code stamp} is still the last event about path {@code name} (it was not updated or removed since). */
    boolean current(String name, long stamp) {
        Entry e = byName.get(name);
        return e != null && e.stamp == stamp;
    }

    /** Applies a probe answer; the path's old WWID (if another) and its new one are told as changed. */
    void put(PathInfo info) {
        Entry e = byName.computeIfAbsent(info.path().name(), k -> new Entry());
        if (e.info != null) unindex(e);
        e.info = info;
        Wwid w = info.path().wwid();
        if (w != null) {
            Entry first = firstOfWwid.putIfAbsent(w, e);
            if (first != null) { // keep arrival order: the planner takes the first path's settings
                while (first.next != null) first = first.next;
                first.next = e;
            }
            changed.accept(w);
        }
        devices.merge(info.path().devt(), 1, Integer::sum);
    }

    /** A checker's verdict kept on the path, in place (its WWID's path order stays); no WWID is told as changed. */
    void state(String name, io.mpathvx.core.model.PathState state) {
        Entry e = byName.get(name);
        if (e == null || e.info == null || e.info.path().state() == state) return;
        PathInfo old = e.info;
        e.info = new PathInfo(old.path().withState(state), old.priority(), old.serial(), old.marginal(), old.tpgId(),
                old.selection());
    }

    /** The WWID of a probed path; null for an unknown path or one without a WWID. */
    Wwid wwidOf(String name) {
        Entry e = byName.get(name);
        return e == null || e.info == null ? null : e.info.path().wwid();
    }

    /** The path is gone; a probe still running for it will not bring it back. */
    void remove(String name) {
        Entry e = byName.remove(name);
        if (e != null && e.info != null) unindex(e);
    }

    /** A probe under {@code stamp} failed: its paths that have never been probed are forgotten. */
    void probeFailed(Collection<Path> paths, long stamp) {
        for (Path p : paths) byName.computeIfPresent(p.name(), (k, e) -> e.stamp == stamp && e.info == null ? null : e);
    }

    /** The probed paths of {@code w}, in arrival order. */
    List<PathInfo> of(Wwid w) {
        Entry e = firstOfWwid.get(w);
        if (e == null) return List.of();
        List<PathInfo> out = new ArrayList<>(4);
        for (; e != null; e = e.next) out.add(e.info);
        return out;
    }

    /** Whether a probed path has device number {@code devt}. */
    boolean present(DevT devt) {
        return devices.containsKey(devt);
    }

    /** Every probed path. */
    List<Path> paths() {
        List<Path> out = new ArrayList<>(byName.size());
        for (Entry e : byName.values()) if (e.info != null) out.add(e.info.path());
        return out;
    }

    /** Every path name, probed or still being probed. */
    List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    private void unindex(Entry e) {
        Wwid w = e.info.path().wwid();
        if (w != null) {
            Entry first = firstOfWwid.get(w);
            if (first == e) {
                if (e.next == null) firstOfWwid.remove(w);
                else firstOfWwid.put(w, e.next);
            } else {
                for (Entry p = first; p != null; p = p.next) {
                    if (p.next == e) {
                        p.next = e.next;
                        break;
                    }
                }
            }
            e.next = null;
            changed.accept(w);
        }
        devices.computeIfPresent(e.info.path().devt(), (k, n) -> n == 1 ? null : n - 1);
        e.info = null;
    }
}
