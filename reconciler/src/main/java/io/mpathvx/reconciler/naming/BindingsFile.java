package io.mpathvx.reconciler.naming;

import java.io.IOException;
import java.nio.file.Path;

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

    public BindingsFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    public Bindings load() throws IOException {
        return Bindings.parse(AtomicFile.read(file));
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
            Bindings next = add(now, wanted, content -> AtomicFile.write(file, content));
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
