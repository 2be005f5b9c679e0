package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.naming.Binding;
import io.mpathvx.reconciler.naming.Bindings;
import io.mpathvx.reconciler.naming.BindingsFile;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The user-friendly names the planner sees and the single writer of new ones to the bindings file (loop-only). The
 * aliases planned while a write runs go into the next, so a pass costs one lock, one read and one write, not one per
 * map. A map runs only once its alias is in the file; one whose alias another writer took is planned again. When the
 * file cannot be written, every map is named by its WWID from then on (multipathd's fallback), with one warning.
 */
final class BindingsWriter {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(BindingsWriter.class.getName());

    /** A map whose actions wait for its new alias to be in the bindings file. */
    record PendingAlias(Wwid wwid, Binding binding, List<MapAction> actions) {
    }

    /** Allocates aliases in the file (blocking: runs on a worker); see {@link BindingsFile#allocateAll}. */
    @FunctionalInterface
    interface File {
        BindingsFile.Batch allocateAll(List<Binding> wanted) throws Exception;
    }

    private final File file;
    private final String fileName;
    private final EngineThreads threads;
    private final Runnable settled;
    private final List<PendingAlias> queued = new ArrayList<>();
    private Bindings bindings = Bindings.empty();
    private boolean writing;
    private boolean unwritable;

    /**
     * @param file    null keeps the bindings in memory only
     * @param settled told on the loop after each write ends
     */
    BindingsWriter(File file, String fileName, EngineThreads threads, Runnable settled) {
        this.file = file;
        this.fileName = fileName;
        this.threads = threads;
        this.settled = settled;
    }

    Bindings bindings() {
        return bindings;
    }

    /** The bindings as loaded at start, or as a plan left them (with its new alias). */
    void bindings(Bindings b) {
        bindings = b;
    }

    /** Whether new aliases cannot be written (the file is read-only or failed): maps are named by WWID. */
    boolean unwritable() {
        return unwritable;
    }

    /** Tries the file again (a reconfigure may name another one). */
    void retry() {
        unwritable = false;
    }

    /** Whether new aliases go to a file (else a plan's alias needs no write). */
    boolean toFile() {
        return file != null;
    }

    /** Queues a map until its alias is written; {@link #flush} writes the queue. */
    void add(PendingAlias a) {
        queued.add(a);
    }

    boolean busy() {
        return writing;
    }

    /**
     * Writes the queued aliases in one update, unless a write runs (they then go with the next).
     *
     * @param written told on the loop for each alias of the write whether it is in the file (then its map may run)
     */
    void flush(BiConsumer<PendingAlias, Boolean> written) {
        if (writing || queued.isEmpty()) return;
        List<PendingAlias> batch = List.copyOf(queued);
        queued.clear();
        writing = true;
        List<Binding> wanted = batch.stream().map(PendingAlias::binding).toList();
        threads.blocking(() -> file.allocateAll(wanted), (res, err) -> {
            writing = false;
            if (err != null) {
                if (!unwritable) LOG.warning(() -> "cannot write " + fileName + " (" + err + "): maps are named by WWID");
                unwritable = true;
                for (PendingAlias a : batch) bindings = bindings.without(a.binding().alias());
            } else {
                bindings = res.bindings();
                for (PendingAlias a : queued) bindings = bindings.with(a.binding().alias(), a.binding().wwid());
            }
            for (PendingAlias a : batch) {
                written.accept(a, err == null && a.binding().alias().equals(res.aliasOf().get(a.binding().wwid())));
            }
            flush(written);
            settled.run();
        });
    }
}
