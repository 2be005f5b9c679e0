package io.mpathvx.reconciler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The WWIDs known to have been multipathed (the wwids file, which find_multipaths consults) and the single writer that
 * adds new ones to the file (loop-only): what is remembered while a write runs goes into the next one, so a storm of
 * new maps costs a few writes, not one per map. A failed write keeps its WWIDs for the next.
 */
final class WwidsWriter {
    /** Adds WWIDs to the file (blocking: runs on a worker). */
    @FunctionalInterface
    interface File {
        void add(List<String> wwids) throws Exception;
    }

    private final Set<String> known = new HashSet<>();
    private final Set<String> pending = new LinkedHashSet<>();
    private final File file;
    private final EngineThreads threads;
    private final Runnable settled;
    private boolean writing;

    /**
     * @param file    null keeps the WWIDs in memory only
     * @param settled told on the loop after each write ends (idle waiters may go on)
     */
    WwidsWriter(File file, EngineThreads threads, Runnable settled) {
        this.file = file;
        this.threads = threads;
        this.settled = settled;
    }

    /** The WWIDs the file had at start. */
    void loaded(Collection<String> wwids) {
        known.addAll(wwids);
    }

    boolean knows(String wwid) {
        return known.contains(wwid);
    }

    /** A map was made (or kept) for {@code wwid}: into the file if it is not there yet. */
    void remember(String wwid) {
        if (!known.add(wwid) || file == null) return;
        pending.add(wwid);
        flush();
    }

    /** {@code wwid} leaves the known set (its removal from the file is the caller's); whether it was known. */
    boolean forget(String wwid) {
        pending.remove(wwid);
        return known.remove(wwid);
    }

    /** A write is running. */
    boolean busy() {
        return writing;
    }

    private void flush() {
        if (writing || pending.isEmpty()) return;
        List<String> batch = new ArrayList<>(pending);
        pending.clear();
        writing = true;
        threads.blocking(() -> {
            file.add(batch);
            return null;
        }, (v, err) -> {
            writing = false;
            if (err != null) pending.addAll(batch); // kept for the next write
            else flush();
            settled.run();
        });
    }
}
