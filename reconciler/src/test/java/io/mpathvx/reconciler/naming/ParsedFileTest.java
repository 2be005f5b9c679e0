package io.mpathvx.reconciler.naming;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ParsedFileTest {
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
        assertEquals("/a/\n", f.read());
        assertEquals("/a/\n", f.read());
        assertEquals(1, parses.get());
    }

    @Test
    void ourOwnWriteIsNotParsedAgain() throws Exception {
        Path p = dir.resolve("bindings");
        ParsedFile<String> f = file(p);
        assertEquals("", f.read());
        f.write("mpatha 1\n", "parsed by the writer");
        assertEquals("parsed by the writer", f.read());
        assertEquals(1, parses.get());
        assertEquals("mpatha 1\n", Files.readString(p));
    }

    @Test
    void anotherWritersAppendIsSeen() throws Exception {
        Path p = dir.resolve("wwids");
        ParsedFile<String> f = file(p);
        f.write("/a/\n", "/a/\n");
        Files.writeString(p, "/b/\n", StandardOpenOption.APPEND); // as multipath -a appends
        assertEquals("/a/\n/b/\n", f.read());
    }

    @Test
    void anotherWritersRenameIsSeenEvenWithTheSameSize() throws Exception {
        Path p = dir.resolve("bindings");
        ParsedFile<String> f = file(p);
        f.write("mpatha 1\n", "mpatha 1\n");
        AtomicFile.write(p, "mpatha 2\n"); // a new inode, same length, maybe the same mtime tick
        assertEquals("mpatha 2\n", f.read());
    }

    @Test
    void aDeletedFileReadsAsEmpty() throws Exception {
        Path p = dir.resolve("wwids");
        ParsedFile<String> f = file(p);
        f.write("/a/\n", "/a/\n");
        Files.delete(p);
        assertEquals("", f.read());
    }
}
