package io.mpathvx.api;

import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.multipath.MultipathTable;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the admin API shows, readable from any thread without waiting for the event loop. The loop publishes one
 * immutable record per map and per path as that map or path changes (work proportional to the change, never a walk
 * over every map); a listing is sorted when it is read (on the reader's thread; the loop's lookups and writes stay
 * O(1)) and is consistent per entry, not across entries. Only the loop writes.
 */
final class DaemonSnapshot {
    /** Where the daemon is in its life: the API answers from the first moment, also while it starts. */
    enum Phase { STARTING, RUNNING, STOPPING }

    /** One multipath map: what the kernel has and what the daemon last did about it. Text is rendered when read. */
    record MapView(String name, String uuid, String wwid, long sizeSectors, MultipathTable table,
                   MultipathStatus status, String lastError, io.mpathvx.core.kernel.DmInfo info) {
        MapView(String name, String uuid, String wwid, long sizeSectors, MultipathTable table, MultipathStatus status,
                String lastError) {
            this(name, uuid, wwid, sizeSectors, table, status, lastError, null);
        }

        String tableText() {
            return table == null ? "" : table.format();
        }

        String statusText() {
            return status == null ? "" : status.format();
        }

        /** Paths the kernel uses now (A in the status), 0 without a status. */
        int activePaths() {
            if (status == null) return 0;
            int n = 0;
            for (MultipathStatus.Group g : status.groups()) for (MultipathStatus.PathStatus p : g.paths()) if (p.active()) n++;
            return n;
        }
    }

    /** One path: its identity, the checker's verdict and the kernel's view (A/F) when it is in a map. */
    record PathView(String name, String devt, String wwid, String map, String checkerState, String kernelState) {
    }

    private final ConcurrentHashMap<String, MapView> maps = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> mapNameOfWwid = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, PathView> paths = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, String> pathNameOfDevt = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, java.util.Set<String>> pathNamesOfWwid = new ConcurrentHashMap<>();
    private final Supplier<Map<String, Long>> counters;
    private final EventJournal journal = EventJournal.configured();
    private final SnapshotEvents events = new SnapshotEvents(journal);
    private volatile Phase phase = Phase.STARTING;
    private volatile String progress = "";
    private volatile Instant changed = Instant.EPOCH;
    // sizes kept as entries come and go, each a plain read for the counters
    private final java.util.concurrent.atomic.AtomicInteger mapCount = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger pathCount = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger pathsInMaps = new java.util.concurrent.atomic.AtomicInteger();

    DaemonSnapshot(Supplier<Map<String, Long>> counters) {
        this.counters = counters;
    }

    static DaemonSnapshot empty() {
        return new DaemonSnapshot(Map::of);
    }

    // ---- readers (any thread)

    /** Every map, sorted by name. */
    Collection<MapView> maps() {
        return sorted(maps.values(), Comparator.comparing(MapView::name));
    }

    /** Every path, sorted by name. */
    Collection<PathView> paths() {
        return sorted(paths.values(), Comparator.comparing(PathView::name));
    }

    private static <T> List<T> sorted(Collection<T> values, Comparator<T> order) {
        List<T> out = new ArrayList<>(values);
        out.sort(order);
        return Collections.unmodifiableList(out);
    }

    Optional<MapView> map(String nameOrWwid) {
        MapView m = maps.get(nameOrWwid);
        if (m != null) return Optional.of(m);
        String name = mapNameOfWwid.get(nameOrWwid);
        return name == null ? Optional.empty() : Optional.ofNullable(maps.get(name));
    }

    Optional<PathView> path(String nameOrDevt) {
        PathView p = paths.get(nameOrDevt);
        if (p != null) return Optional.of(p);
        String name = pathNameOfDevt.get(nameOrDevt);
        return name == null ? Optional.empty() : Optional.ofNullable(paths.get(name));
    }

    /** The paths that lead to LUN {@code wwid}, in a map or not (work proportional to them, not to all paths). */
    List<PathView> pathsOf(String wwid) {
        java.util.Set<String> names = pathNamesOfWwid.get(wwid);
        if (names == null) return List.of();
        List<PathView> out = new ArrayList<>(names.size());
        for (String n : names) {
            PathView p = paths.get(n);
            if (p != null && p.wwid().equals(wwid)) out.add(p);
        }
        out.sort(Comparator.comparing(PathView::name));
        return out;
    }

    /** The transitions for {@code GET /v1/events}. */
    EventJournal journal() {
        return journal;
    }

    /** Counters, read when asked (each a plain read of a loop-written value). */
    Map<String, Long> counters() {
        return counters.get();
    }

    Phase phase() {
        return phase;
    }

    /** What start-up is doing, e.g. "discovering paths: 1200 of 40000"; "" once running. */
    String progress() {
        return progress;
    }

    /** When the loop last changed anything here. */
    Instant at() {
        return changed;
    }

    // ---- writers (the loop only)

    void putMap(MapView v) {
        String old = mapNameOfWwid.put(v.wwid(), v.name());
        MapView before = old == null ? null : old.equals(v.name()) ? null : maps.remove(old);
        MapView replaced = maps.put(v.name(), v);
        if (replaced == null && (old == null || old.equals(v.name()))) mapCount.incrementAndGet();
        events.map(replaced != null ? replaced : before, v);
        changed = Instant.now();
    }

    void removeMapOf(String wwid) {
        String name = mapNameOfWwid.remove(wwid);
        MapView old = name == null ? null : maps.remove(name);
        if (old != null) {
            mapCount.decrementAndGet();
            if (old.table() != null) events.mapRemoved(old);
        }
        changed = Instant.now();
    }

    void putPath(PathView v) {
        PathView old = paths.put(v.name(), v);
        if (old == null) pathCount.incrementAndGet();
        events.path(old, v);
        pathsInMaps.addAndGet((v.map().isEmpty() ? 0 : 1) - (old == null || old.map().isEmpty() ? 0 : 1));
        if (old != null && !old.devt().equals(v.devt())) pathNameOfDevt.remove(old.devt(), old.name());
        pathNameOfDevt.put(v.devt(), v.name());
        if (old != null && !old.wwid().equals(v.wwid())) unindexWwid(old);
        if (!v.wwid().isEmpty()) pathNamesOfWwid.computeIfAbsent(v.wwid(), k -> ConcurrentHashMap.newKeySet()).add(v.name());
        changed = Instant.now();
    }

    void removePath(String name) {
        PathView old = paths.remove(name);
        if (old != null) {
            events.pathRemoved(old);
            pathCount.decrementAndGet();
            if (!old.map().isEmpty()) pathsInMaps.decrementAndGet();
            pathNameOfDevt.remove(old.devt(), name);
            unindexWwid(old);
        }
        changed = Instant.now();
    }

    private void unindexWwid(PathView old) {
        pathNamesOfWwid.computeIfPresent(old.wwid(), (w, names) -> {
            names.remove(old.name());
            return names.isEmpty() ? null : names;
        });
    }

    /** Uevents were lost and every path is read again. */
    void resync(String why) {
        events.resync(why);
    }

    void phase(Phase p, String progress) {
        this.phase = p;
        this.progress = progress;
        changed = Instant.now();
    }

    int mapCount() {
        return mapCount.get();
    }

    int pathCount() {
        return pathCount.get();
    }

    /** Paths that are in a map. */
    int pathsInMaps() {
        return pathsInMaps.get();
    }
}
