package io.mpathvx.reconciler.naming;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The bindings file ({@code /etc/multipath/bindings}). Allocation takes the fcntl lock on the file itself (as
 * multipath(8) does, see {@link LockedFile}), re-reads the file through the locked descriptor (another writer may have
 * added bindings) and only then appends the new lines in place, so two writers never hand out one alias twice and no
 * writer's line is lost (mirrors libmultipath/alias.c allocate_binding() of the releases that append, which Debian's
 * multipath-tools 0.9 is). Blocking: call on a worker.
 */
public final class BindingsFile {
    /** Takes the whole new content of the file (upstream test vectors inject write failures here). */
    @FunctionalInterface
    public interface ContentWriter {
        void write(String content) throws IOException;
    }

    /** An allocation's outcome: the bindings now in the file and the alias the WWID got (null: the alias was taken). */
    public record Allocated(Bindings bindings, String alias) {
    }

    private final Path file;
    private final Duration lockTimeout;
    private final ParsedFile<Bindings> parsed;

    public BindingsFile(Path file) {
        this(file, LockedFile.FILE_TIMEOUT);
    }

    BindingsFile(Path file, Duration lockTimeout) {
        this.file = file;
        this.lockTimeout = lockTimeout;
        this.parsed = new ParsedFile<>(file, Bindings::parse);
    }

    public Path path() {
        return file;
    }

    public Bindings load() throws IOException {
        return parsed.read(lockTimeout);
    }

    /**
     * Allocates the aliases of one reconcile pass under one lock, one re-read and at most one write. Per WWID the
     * result holds the alias it has now: the wanted one, the one a concurrent writer bound it to, or null when the
     * wanted alias went to another WWID meanwhile (the caller chooses again with the returned bindings).
     *
     * @throws IOException the file could not be read or written: none of the wanted bindings was added
     */
    public Batch allocateAll(List<Binding> wanted) throws IOException {
        return LockedFile.withLock(file, Bindings.HEADER, lockTimeout, f -> {
            Bindings now = parsed.read(f);
            Bindings next = now;
            StringBuilder lines = new StringBuilder();
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
                    lines.append(b.alias()).append(' ').append(b.wwid()).append('\n');
                }
            }
            if (next != now) {
                f.append((f.endsWithNewline() ? "" : "\n") + lines); // a hand-edited last line stays whole
                parsed.changed(next);
            }
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
        Batch b = allocateAll(List.of(wanted));
        return new Allocated(b.bindings(), b.aliasOf().get(wanted.wwid()));
    }


    /**
     * Adds a binding and hands the whole new content (header + all bindings sorted) to {@code writer}, as
     * multipathd 0.14's update_bindings_file() writes it. Returns null — the binding dropped again — when the write
     * fails or the alias is already bound. Used to check the alias logic against upstream's test vectors.
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
