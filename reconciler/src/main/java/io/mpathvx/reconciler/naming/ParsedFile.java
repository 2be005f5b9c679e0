package io.mpathvx.reconciler.naming;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * A state file's parsed content, parsed again only when the file changed since the last read or change of ours:
 * another inode (an atomic rename), another size (appends, ours or multipath(8)'s) or another mtime/ctime (an
 * in-place edit such as multipath -w's). Re-parsing a 10,000-line file for every batch of new maps was most of a
 * storm's allocation. The check is a stat, no open: it never disturbs the fcntl lock this process may hold on the
 * file (see {@link LockedFile}). Blocking: call on a worker.
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

    /** The file's content parsed, read under its lock when it changed; an absent file parses as "". */
    synchronized T read(Duration lockTimeout) throws IOException {
        Map<String, Object> now = identity();
        if (now != null && now.equals(identity)) return value;
        return remember(now, parser.apply(now == null ? "" : LockedFile.read(file, lockTimeout)));
    }

    /** The same inside the file's lock: the text comes through the locked descriptor (another open would drop the lock). */
    synchronized T read(LockedFile.Handle locked) throws IOException {
        Map<String, Object> now = identity();
        if (now != null && now.equals(identity)) return value;
        return remember(now, parser.apply(locked.read()));
    }

    /** After a change of ours, still inside the lock: {@code parsed} is what the file parses to now. */
    synchronized void changed(T parsed) throws IOException {
        remember(identity(), parsed);
    }

    private T remember(Map<String, Object> now, T parsed) {
        identity = now;
        value = parsed;
        return parsed;
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
