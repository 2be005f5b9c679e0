package io.mpathvx.reconciler.naming;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bindings file ({@code /etc/multipath/bindings}). Allocation takes the file lock, re-reads the file (another
 * writer may have added bindings) and only then adds the binding, so two writers never hand out one alias twice.
 * Blocking: call on a worker.
 */
public final class BindingsFile {
    /** Writes the whole new content of the file; the real one is {@link AtomicFile#write}. */
    @FunctionalInterface
    public interface ContentWriter {
        void write(String content) throws IOException;
    }

    /** An allocation's outcome: the bindings now in the file and the alias the WWID got (null: the alias was taken). */
    public record Allocated(Bindings bindings, String alias) {
    }

    private final Path file;
    private final ParsedFile<Bindings> parsed;

    public BindingsFile(Path file) {
        this.file = file;
        this.parsed = new ParsedFile<>(file, Bindings::parse);
    }

    public Path path() {
        return file;
    }

    public Bindings load() throws IOException {
        return parsed.read();
    }

    /**
     * Allocates the aliases of one reconcile pass under one lock, one re-read and at most one write. Per WWID the
     * result holds the alias it has now: the wanted one, the one a concurrent writer bound it to, or null when the
     * wanted alias went to another WWID meanwhile (the caller chooses again with the returned bindings).
     *
     * @throws IOException the file could not be read or written: none of the wanted bindings was added
     */
    public Batch allocateAll(List<Binding> wanted) throws IOException {
        return AtomicFile.withLock(file, () -> {
            Bindings now = load();
            Bindings next = now;
            Map<String, String> aliasOf = new HashMap<>();
            for (Binding b : wanted) {
                String existing = next.aliasFor(b.wwid());
                if (existing != null) {
                    aliasOf.put(b.wwid(), existing);
                } else if (next.wwidFor(b.alias()) != null) {
                    aliasOf.put(b.wwid(), null);
                } else {
                    next = next.with(b.alias(), b.wwid());
                    aliasOf.put(b.wwid(), b.alias());
                }
            }
            if (next != now) parsed.write(next.format(), next);
            return new Batch(next, aliasOf);
        });
    }

    /** A batch allocation's outcome: the bindings now in the file and, per wanted WWID, its alias (null: taken). */
    public record Batch(Bindings bindings, Map<String, String> aliasOf) {
    }

    /**
     * Adds {@code wanted} under the lock after re-reading the file. If the WWID is bound already (by a concurrent
     * writer) that alias is returned; if the alias went to another WWID meanwhile, alias is null and nothing is
     * written (the caller chooses again with the returned bindings).
     */
    public Allocated allocate(Binding wanted) throws IOException {
        return AtomicFile.withLock(file, () -> {
            Bindings now = load();
            String existing = now.aliasFor(wanted.wwid());
            if (existing != null) return new Allocated(now, existing);
            String owner = now.wwidFor(wanted.alias());
            if (owner != null) return new Allocated(now, null);
            Bindings next = add(now, wanted, content -> parsed.write(content, now.with(wanted.alias(), wanted.wwid())));
            return new Allocated(next == null ? now : next, next == null ? null : wanted.alias());
        });
    }

    /**
     * Adds a binding and rewrites the whole file (header + all bindings sorted). Returns null — the binding dropped
     * again — when the write fails or the alias is already bound.
     */
    public static Bindings add(Bindings current, Binding binding, ContentWriter writer) {
        Bindings next = current.with(binding.alias(), binding.wwid());
        if (next == current) return null;
        try {
            writer.write(next.format());
            return next;
        } catch (IOException e) {
            return null;
        }
    }
}
