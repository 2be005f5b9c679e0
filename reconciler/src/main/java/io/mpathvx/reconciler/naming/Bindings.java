package io.mpathvx.reconciler.naming;

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

    private static final Bindings EMPTY = new Bindings(Base.of(List.of()), Map.of(), 0);

    /**
     * An immutable table that the reconciler extends one alias at a time for thousands of maps: a frozen base plus a
     * small delta of later changes (alias → WWID, null = removed), folded into a new base once it grows past about
     * √(n·16) entries. Adding a binding costs O(√n) instead of a copy of the whole table, and lookups stay O(1).
     */
    private record Base(Map<String, String> byAlias, Map<String, String> firstAliasByWwid, List<Binding> sorted) {
        static Base of(List<Binding> bindings) {
            List<Binding> sorted = new ArrayList<>(bindings);
            sorted.sort(Comparator.comparing(Binding::alias, ALIAS_ORDER));
            Map<String, String> byAlias = new HashMap<>(sorted.size() * 2);
            Map<String, String> byWwid = new HashMap<>(sorted.size() * 2);
            for (Binding b : sorted) {
                byAlias.put(b.alias(), b.wwid());
                byWwid.putIfAbsent(b.wwid(), b.alias());
            }
            return new Base(byAlias, byWwid, Collections.unmodifiableList(sorted));
        }
    }

    private final Base base;
    private final Map<String, String> delta;
    private final int size;
    /** Derived, filled on first use: the sorted list, and per prefix an id below which every id is bound. */
    private volatile List<Binding> sorted;
    private final Map<String, Integer> unboundFrom;

    private Bindings(Base base, Map<String, String> delta, int size) {
        this(base, delta, size, new java.util.concurrent.ConcurrentHashMap<>());
    }

    private Bindings(Base base, Map<String, String> delta, int size, Map<String, Integer> unboundFrom) {
        this.base = base;
        this.delta = delta;
        this.size = size;
        this.unboundFrom = unboundFrom;
        if (delta.isEmpty()) this.sorted = base.sorted();
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
        return new Bindings(Base.of(out), Map.of(), out.size());
    }

    /** The bindings in file order (sorted). */
    public List<Binding> list() {
        List<Binding> s = sorted;
        if (s == null) {
            List<Binding> all = new ArrayList<>(size);
            for (Binding b : base.sorted()) if (!delta.containsKey(b.alias())) all.add(b);
            delta.forEach((alias, wwid) -> {
                if (wwid != null) all.add(new Binding(alias, wwid));
            });
            all.sort(Comparator.comparing(Binding::alias, ALIAS_ORDER));
            sorted = s = Collections.unmodifiableList(all);
        }
        return s;
    }

    public int size() {
        return size;
    }

    /** The WWID bound to an alias, or null. */
    public String wwidFor(String alias) {
        return delta.containsKey(alias) ? delta.get(alias) : base.byAlias().get(alias);
    }

    /** The first alias (in sorted order) bound to a WWID, or null. */
    public String aliasFor(String wwid) {
        String best = base.firstAliasByWwid().get(wwid);
        if (best != null && delta.containsKey(best)) { // that binding was dropped since: rare, look at the rest
            best = null;
            for (Binding b : base.sorted()) {
                if (b.wwid().equals(wwid) && !delta.containsKey(b.alias())) {
                    best = b.alias();
                    break;
                }
            }
        }
        for (Map.Entry<String, String> e : delta.entrySet()) {
            if (wwid.equals(e.getValue()) && (best == null || ALIAS_ORDER.compare(e.getKey(), best) < 0)) best = e.getKey();
        }
        return best;
    }

    /**
     * The lowest id {@code >= 1} whose alias {@code prefix + id} is not bound (a bound alias never needs probing):
     * where the free-id search starts. O(1) amortized along a lineage of {@link #with} calls.
     */
    int lowestUnboundId(String prefix) {
        int id = unboundFrom.getOrDefault(prefix, 1);
        while (id < Integer.MAX_VALUE && wwidFor(AliasCodec.format(prefix, id)) != null) id++;
        unboundFrom.put(prefix, id);
        return id;
    }

    /** These bindings plus one more; the same object if the alias is already bound (to any WWID). */
    public Bindings with(String alias, String wwid) {
        if (wwidFor(alias) != null) return this;
        // every id below a prefix's mark stays bound: the marks carry over
        return change(alias, wwid, size + 1, new java.util.concurrent.ConcurrentHashMap<>(unboundFrom));
    }

    /** These bindings without {@code alias}; the same object if it is not bound. */
    public Bindings without(String alias) {
        if (wwidFor(alias) == null) return this;
        Map<String, Integer> marks = new java.util.concurrent.ConcurrentHashMap<>(unboundFrom);
        marks.replaceAll((prefix, from) -> {
            int id = AliasCodec.scan(alias, prefix);
            return id > 0 && id < from ? id : from;
        });
        return change(alias, null, size - 1, marks);
    }

    private Bindings change(String alias, String wwid, int newSize, Map<String, Integer> marks) {
        Map<String, String> d = new HashMap<>(delta);
        d.put(alias, wwid);
        if (d.size() <= Math.max(32, (int) Math.sqrt(16.0 * newSize))) return new Bindings(base, d, newSize, marks);
        Bindings unfolded = new Bindings(base, d, newSize, marks);
        return new Bindings(Base.of(unfolded.list()), Map.of(), newSize, marks);
    }

    /** The whole file: header, then one {@code alias wwid} line per binding in sorted order. */
    public String format() {
        StringBuilder sb = new StringBuilder(HEADER.length() + size * 48).append(HEADER);
        for (Binding b : list()) sb.append(b.alias()).append(' ').append(b.wwid()).append('\n');
        return sb.toString();
    }

    /** The order of the aliases' UTF-8 bytes (strcmp's), which is code point order; without encoding them. */
    private static int compareBytes(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) return Integer.compare(x, y);
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bindings other && list().equals(other.list());
    }

    @Override
    public int hashCode() {
        return list().hashCode();
    }

    @Override
    public String toString() {
        return "Bindings" + list();
    }
}
