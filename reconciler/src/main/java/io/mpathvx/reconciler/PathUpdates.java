package io.mpathvx.reconciler;

import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.desired.PathInfo;
import io.mpathvx.reconciler.desired.ReconcilerSettings;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Paths into and out of the {@link PathIndex} (loop-only): each upserted path is probed (on a worker when the prober
 * does I/O) with the settings in force, and an answer for a path that a later event changed or removed meanwhile is
 * dropped.
 */
final class PathUpdates {
    private final PathIndex paths;
    private final WorkQueue work;
    private final PathProber prober;
    private final Supplier<ReconcilerSettings> settings;
    private final EngineThreads threads;
    private final Consumer<Wwid> lastPathGone;
    private final Runnable schedulePass;
    private final Runnable settled;
    private int probing; // blocking probes in flight

    /**
     * @param settings     the settings in force, read at each upsert (a reconfigure replaces them)
     * @param lastPathGone told when the last path of a WWID went
     * @param settled      told on the loop after blocking probes end (idle waiters may go on)
     */
    PathUpdates(PathIndex paths, WorkQueue work, PathProber prober, Supplier<ReconcilerSettings> settings,
                EngineThreads threads, Consumer<Wwid> lastPathGone, Runnable schedulePass, Runnable settled) {
        this.paths = paths;
        this.work = work;
        this.prober = prober;
        this.settings = settings;
        this.threads = threads;
        this.lastPathGone = lastPathGone;
        this.schedulePass = schedulePass;
        this.settled = settled;
    }

    /**
     * Probes the paths and indexes them.
     *
     * @param resize an operator's resize: the maps of these paths follow their new size at the next plan
     */
    void upsert(List<Path> up, boolean resize) {
        if (up.isEmpty()) return;
        long stamp = paths.stamp(up);
        ReconcilerSettings s = settings.get();
        if (!prober.blocking()) {
            for (Path p : up) put(prober.probe(p, s.forMap(p.wwid(), p)), resize);
            return;
        }
        probing++;
        threads.blocking(() -> {
            List<PathInfo> out = new ArrayList<>(up.size());
            for (Path p : up) out.add(prober.probe(p, s.forMap(p.wwid(), p)));
            return out;
        }, (infos, err) -> {
            probing--;
            if (err == null) {
                for (PathInfo i : infos) if (paths.current(i.path().name(), stamp)) put(i, resize);
            } else {
                paths.probeFailed(up, stamp);
            }
            schedulePass.run();
            settled.run();
        });
    }

    private void put(PathInfo info, boolean resize) {
        if (resize && info.path().wwid() != null) work.state(info.path().wwid()).resizeRequested = true;
        paths.put(info);
    }

    /** A path went (by kernel name). */
    void remove(String name) {
        Wwid w = paths.wwidOf(name);
        paths.remove(name);
        if (w != null && paths.of(w).isEmpty()) lastPathGone.accept(w);
    }

    /** The complete path list (resync): the paths not in it go, the others are upserted. */
    void replaceAll(List<Path> all) {
        Set<String> keep = new HashSet<>();
        for (Path p : all) keep.add(p.name());
        for (String name : paths.names()) if (!keep.contains(name)) remove(name);
        upsert(all, false);
    }

    /** Probes run on workers: their answers come first. */
    boolean blocking() {
        return prober.blocking();
    }

    /** A blocking probe is running. */
    boolean busy() {
        return probing > 0;
    }
}
