package io.mpathvx.reconciler.naming;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * A state file's parsed content, parsed again only when the file changed since the last read or write of ours:
 * another inode (an atomic rename, as multipath(8) writes bindings), another size (its appends to wwids) or
 * another mtime/ctime. Re-parsing a 10,000-line file for every batch of new maps was most of a storm's allocation.
 * Blocking: call on a worker.
 */
final class ParsedFile<T> {
    private static final String IDENTITY = "unix:dev,ino,size,lastModifiedTime,ctime";

    private final Path file;
    private final Function<String, T> parser;
    private Map<String, Object> identity;
    private T value;

    ParsedFile(Path file, Function<String, T> parser) {
        this.file = file;
        this.parser = parser;
    }

    /** The file's content parsed; an absent file parses as "". */
    synchronized T read() throws IOException {
        Map<String, Object> now = identity();
        if (now != null && now.equals(identity)) return value;
        T parsed = parser.apply(now == null ? "" : AtomicFile.read(file));
        identity = now;
        value = parsed;
        return parsed;
    }

    /** Writes {@code content} atomically; {@code parsed} is what it parses to, kept for the next read. */
    synchronized void write(String content, T parsed) throws IOException {
        identity = null; // a failed write leaves the file unknown
        AtomicFile.write(file, content);
        identity = identity();
        value = parsed;
    }

    private Map<String, Object> identity() throws IOException {
        try {
            return Files.readAttributes(file, IDENTITY);
        } catch (FileSystemException e) {
            return null; // absent (or a parent is not a directory): read and write say what is wrong
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null; // no unix attribute view: never trust a cached parse
        }
    }
}
