package io.mpathvx.reconciler.naming;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The wwids file ({@code /etc/multipath/wwids}): the WWIDs that have been multipathed, one {@code /wwid/} per line.
 * find_multipaths consults it. Shared with multipath(8) ({@code multipath -a}, {@code -w}): changed in place under an
 * fcntl lock on the file itself, exactly as libmultipath/wwids.c does (see {@link LockedFile}). Blocking: call on a
 * worker.
 */
public final class WwidsFile {
    public static final String HEADER = "# Multipath wwids, Version : 1.0\n"
            + "# NOTE: This file is automatically maintained by multipath and multipathd.\n"
            + "# You should not need to edit this file in normal circumstances.\n"
            + "#\n"
            + "# Valid WWIDs:\n";

    private final Path file;
    private final Duration lockTimeout;
    private final ParsedFile<Set<String>> parsed;

    public WwidsFile(Path file) {
        this(file, LockedFile.FILE_TIMEOUT);
    }

    WwidsFile(Path file, Duration lockTimeout) {
        this.file = file;
        this.lockTimeout = lockTimeout;
        this.parsed = new ParsedFile<>(file, text -> Collections.unmodifiableSet(parse(text)));
    }

    /** Parses the file text: lines {@code /wwid/}; comments (also lines removed with '#') and malformed lines are skipped. */
    public static Set<String> parse(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.length() < 3 || line.charAt(0) != '/' ) continue;
            int end = line.indexOf('/', 1);
            if (end <= 1) continue;
            out.add(line.substring(1, end));
        }
        return out;
    }

    public static String format(Collection<String> wwids) {
        StringBuilder sb = new StringBuilder(WwidsFile.HEADER);
        for (String w : wwids) sb.append('/').append(w).append("/\n");
        return sb.toString();
    }

    public Path path() {
        return file;
    }

    public Set<String> load() throws IOException {
        return parsed.read(lockTimeout);
    }

    /**
     * Adds the WWIDs not in the file yet and returns the file's full set afterwards: one lock, one read, one append
     * (mirrors libmultipath/wwids.c check_wwids_file(wwid, 1) and write_out_wwid(), batched).
     */
    public Set<String> add(Collection<String> wwids) throws IOException {
        return LockedFile.withLock(file, HEADER, lockTimeout, f -> {
            Set<String> now = parsed.read(f);
            Set<String> added = new LinkedHashSet<>();
            for (String w : wwids) if (!now.contains(w)) added.add(w);
            if (added.isEmpty()) return now; // the common case in a storm of known LUNs: no copy of the whole set
            StringBuilder add = new StringBuilder(f.endsWithNewline() ? "" : "\n"); // a hand-edited last line stays whole
            for (String w : added) add.append('/').append(w).append("/\n");
            f.append(add.toString());
            Set<String> next = new LinkedHashSet<>(now);
            next.addAll(added);
            parsed.changed(Collections.unmodifiableSet(next));
            return Collections.unmodifiableSet(next);
        });
    }

    /**
     * Removes a WWID as {@code multipath -w} does: its line's leading '/' becomes '#' in place (mirrors
     * libmultipath/wwids.c remove_wwid() / do_remove_wwid(); every such line, not only the first, so a duplicate
     * cannot keep it). Returns whether it was there.
     */
    public boolean remove(String wwid) throws IOException {
        return LockedFile.withLock(file, HEADER, lockTimeout, f -> {
            String text = f.read();
            String line = "/" + wwid + "/\n";
            boolean found = false;
            for (int at = text.indexOf(line); at >= 0; at = text.indexOf(line, at + 1)) {
                if (at > 0 && text.charAt(at - 1) != '\n') continue; // inside another line
                f.overwrite(at, '#');
                found = true;
            }
            if (found) parsed.changed(Collections.unmodifiableSet(parse(f.read())));
            return found;
        });
    }
}
