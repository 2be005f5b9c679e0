package io.mpathvx.reconciler.naming;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The wwids file ({@code /etc/multipath/wwids}): the WWIDs that have been multipathed, one {@code /wwid/} per line.
 * find_multipaths consults it. Updates lock, re-read and rewrite atomically. Blocking: call on a worker.
 */
public final class WwidsFile {
    public static final String HEADER = "# Multipath wwids, Version : 1.0\n"
            + "# NOTE: This file is automatically maintained by multipath and multipathd.\n"
            + "# You should not need to edit this file in normal circumstances.\n"
            + "#\n"
            + "# Valid WWIDs:\n";

    private final Path file;
    private final ParsedFile<Set<String>> parsed;

    public WwidsFile(Path file) {
        this.file = file;
        this.parsed = new ParsedFile<>(file, text -> Collections.unmodifiableSet(parse(text)));
    }

    /** Parses the file text: lines {@code /wwid/}; comments and malformed lines are skipped. */
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

    public Set<String> load() throws IOException {
        return parsed.read();
    }

    /** Adds WWIDs not yet in the file (re-read under the lock) and returns the file's full set afterwards. */
    public Set<String> add(Collection<String> wwids) throws IOException {
        return AtomicFile.withLock(file, () -> {
            Set<String> now = load();
            Set<String> next = new LinkedHashSet<>(now);
            next.addAll(wwids);
            Set<String> all = Collections.unmodifiableSet(next);
            if (next.size() != now.size()) parsed.write(format(next), all);
            return all;
        });
    }
}
