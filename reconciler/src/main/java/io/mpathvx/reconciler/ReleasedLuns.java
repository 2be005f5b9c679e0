package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The LUNs an orchestrator released ({@code DELETE /v1/luns/WWID}): no map is made for them until an ensure, or until
 * their paths go and come back. The set is the loop's; the file (one WWID a line) is written whole to a temp file,
 * fsynced and renamed over the old one on a worker, so a crash leaves the old or the new set, never half of one, and
 * the mark survives a restart. Writes are chained: each writes the set as it was when it was asked for, in order.
 */
final class ReleasedLuns {
    private final Set<Wwid> released = new HashSet<>();
    private final Path file; // null: memory only
    private final Executor workers;
    private CompletableFuture<Void> lastWrite = CompletableFuture.completedFuture(null);

    /** @param file where the marks are kept, null for none */
    ReleasedLuns(Path file, Executor workers) {
        this.file = file;
        this.workers = workers;
    }

    /** The marks on disk (blocking: a worker at start-up); none when there is no file. */
    Set<String> read() throws IOException {
        if (file == null || !Files.exists(file)) return Set.of();
        Set<String> out = new LinkedHashSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
            String w = line.strip();
            if (!w.isEmpty() && !w.startsWith("#")) out.add(w);
        }
        return out;
    }

    void loaded(Set<String> wwids) {
        for (String w : wwids) released.add(new Wwid(w));
    }

    boolean contains(Wwid w) {
        return !released.isEmpty() && released.contains(w);
    }

    /** Marks {@code w}; completes when the file has it. */
    CompletableFuture<Void> add(Wwid w) {
        return released.add(w) ? write() : lastWrite;
    }

    /** Unmarks {@code w}; completes when the file no longer has it. */
    CompletableFuture<Void> remove(Wwid w) {
        return released.remove(w) ? write() : lastWrite;
    }

    private CompletableFuture<Void> write() {
        if (file == null) return lastWrite;
        List<String> now = new ArrayList<>();
        for (Wwid w : released) now.add(w.value());
        now.sort(null);
        lastWrite = lastWrite.exceptionally(e -> null).thenRunAsync(() -> {
            try {
                writeAtomically(file, now);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, workers);
        return lastWrite;
    }

    static void writeAtomically(Path file, List<String> wwids) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
        StringBuilder sb = new StringBuilder("# LUNs released through mpathvx's API: no map until ensured again\n");
        for (String w : wwids) sb.append(w).append('\n');
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.ISO_8859_1)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true); // the rename itself
        }
    }
}
