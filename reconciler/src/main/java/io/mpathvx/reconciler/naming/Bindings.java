package io.mpathvx.reconciler.naming;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The alias ↔ WWID table of a bindings file, immutable, kept sorted by (alias length, then bytes) so that for one
 * prefix numerically larger aliases sort later — what the free-id search relies on.
 */
public final class Bindings {
    public static final String HEADER = "# Multipath bindings, Version : 1.0\n"
            + "# NOTE: this file is automatically maintained by the multipath program.\n"
            + "# You should not need to edit this file in normal circumstances.\n"
            + "#\n"
            + "# Format:\n"
            + "# alias wwid\n"
            + "#\n";
    /** multipathd ignores lines whose WWID is longer than this (WWID_SIZE - 1). */
    static final int MAX_WWID = 127;

    static final Comparator<String> ALIAS_ORDER = Comparator.comparingInt(String::length)
            .thenComparing(Bindings::compareBytes);

    private static final Bindings EMPTY = new Bindings(List.of(), Map.of());

    private final List<Binding> sorted;
    private final Map<String, String> wwidByAlias;

    private Bindings(List<Binding> sorted, Map<String, String> wwidByAlias) {
        this.sorted = sorted;
        this.wwidByAlias = wwidByAlias;
    }

    public static Bindings empty() {
        return EMPTY;
    }

    /**
     * Parses bindings file text. '#' starts a comment, blank lines are skipped, a line without WWID or with a WWID
     * longer than 127 characters is ignored, extra words are ignored; a later line for an alias already bound is
     * dropped (a duplicate if the WWID is the same, a conflict otherwise).
     */
    public static Bindings parse(String text) {
        List<Binding> out = new ArrayList<>();
        Map<String, String> byAlias = new HashMap<>();
        for (String raw : text.split("\n", -1)) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) continue;
            String[] words = line.split("[ \t\r]+");
            if (words.length < 2 || words[1].length() > MAX_WWID) continue;
            if (byAlias.putIfAbsent(words[0], words[1]) != null) continue;
            out.add(new Binding(words[0], words[1]));
        }
        out.sort(Comparator.comparing(Binding::alias, ALIAS_ORDER));
        return new Bindings(Collections.unmodifiableList(out), Collections.unmodifiableMap(byAlias));
    }

    /** The bindings in file order (sorted). */
    public List<Binding> list() {
        return sorted;
    }

    public int size() {
        return sorted.size();
    }

    /** The WWID bound to an alias, or null. */
    public String wwidFor(String alias) {
        return wwidByAlias.get(alias);
    }

    /** The first alias (in sorted order) bound to a WWID, or null. */
    public String aliasFor(String wwid) {
        for (Binding b : sorted) if (b.wwid().equals(wwid)) return b.alias();
        return null;
    }

    /** These bindings plus one more; the same object if the alias is already bound (to any WWID). */
    public Bindings with(String alias, String wwid) {
        if (wwidByAlias.containsKey(alias)) return this;
        List<Binding> out = new ArrayList<>(sorted.size() + 1);
        Binding add = new Binding(alias, wwid);
        int at = Collections.binarySearch(sorted, add, Comparator.comparing(Binding::alias, ALIAS_ORDER));
        out.addAll(sorted);
        out.add(at < 0 ? -at - 1 : at, add);
        Map<String, String> byAlias = new HashMap<>(wwidByAlias);
        byAlias.put(alias, wwid);
        return new Bindings(Collections.unmodifiableList(out), Collections.unmodifiableMap(byAlias));
    }

    /** These bindings without {@code alias}; the same object if it is not bound. */
    public Bindings without(String alias) {
        if (!wwidByAlias.containsKey(alias)) return this;
        List<Binding> out = new ArrayList<>(sorted);
        out.removeIf(b -> b.alias().equals(alias));
        Map<String, String> byAlias = new HashMap<>(wwidByAlias);
        byAlias.remove(alias);
        return new Bindings(Collections.unmodifiableList(out), Collections.unmodifiableMap(byAlias));
    }

    /** The whole file: header, then one {@code alias wwid} line per binding in sorted order. */
    public String format() {
        StringBuilder sb = new StringBuilder(HEADER.length() + sorted.size() * 48).append(HEADER);
        for (Binding b : sorted) sb.append(b.alias()).append(' ').append(b.wwid()).append('\n');
        return sb.toString();
    }

    private static int compareBytes(String a, String b) {
        byte[] x = a.getBytes(StandardCharsets.UTF_8);
        byte[] y = b.getBytes(StandardCharsets.UTF_8);
        return java.util.Arrays.compareUnsigned(x, y);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bindings other && sorted.equals(other.sorted);
    }

    @Override
    public int hashCode() {
        return sorted.hashCode();
    }

    @Override
    public String toString() {
        return "Bindings" + sorted;
    }
}
