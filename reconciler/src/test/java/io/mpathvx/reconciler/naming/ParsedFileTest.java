package io.mpathvx.reconciler.naming;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParsedFileTest {
    private static final Duration LOCK = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final AtomicInteger parses = new AtomicInteger();

    private ParsedFile<String> file(Path p) {
        return new ParsedFile<>(p, text -> {
            parses.incrementAndGet();
            return text;
        });
    }

    @Test
    void anUnchangedFileIsParsedOnce() throws Exception {
        Path p = dir.resolve("wwids");
        Files.writeString(p, "/a/\n");
        ParsedFile<String> f = file(p);
        assertEquals("/a/\n", f.read(LOCK));
        assertEquals("/a/\n", f.read(LOCK));
        assertEquals(1, parses.get());
    }

    @Test
    void ourOwnChangeIsNotParsedAgain() throws Exception {
        Path p = dir.resolve("bindings");
        ParsedFile<String> f = file(p);
        assertEquals("", f.read(LOCK));
        LockedFile.withLock(p, "", LOCK, h -> {
            h.append("mpatha 1\n");
            f.changed("parsed by the writer");
            return null;
        });
        assertEquals("parsed by the writer", f.read(LOCK));
        assertEquals(1, parses.get());
        assertEquals("mpatha 1\n", Files.readString(p));
    }

    @Test
    void anotherWritersAppendIsSeen() throws Exception {
        Path p = dir.resolve("wwids");
        Files.writeString(p, "/a/\n");
        ParsedFile<String> f = file(p);
        assertEquals("/a/\n", f.read(LOCK));
        Files.writeString(p, "/b/\n", StandardOpenOption.APPEND); // as multipath -a appends
        assertEquals("/a/\n/b/\n", f.read(LOCK));
        assertEquals("/a/\n/b/\n", LockedFile.withLock(p, "", LOCK, f::read), "through the locked descriptor too");
    }

    @Test
    void anotherWritersRenameIsSeenEvenWithTheSameSize() throws Exception {
        Path p = dir.resolve("bindings");
        Files.writeString(p, "mpatha 1\n");
        ParsedFile<String> f = file(p);
        assertEquals("mpatha 1\n", f.read(LOCK));
        Path tmp = dir.resolve("bindings.tmp");
        Files.writeString(tmp, "mpatha 2\n"); // a new inode, same length, maybe the same mtime tick
        Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("mpatha 2\n", f.read(LOCK));
    }

    @Test
    void aDeletedFileReadsAsEmpty() throws Exception {
        Path p = dir.resolve("wwids");
        Files.writeString(p, "/a/\n");
        ParsedFile<String> f = file(p);
        assertEquals("/a/\n", f.read(LOCK));
        Files.delete(p);
        assertEquals("", f.read(LOCK));
    }
}
