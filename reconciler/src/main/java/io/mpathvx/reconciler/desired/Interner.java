package io.mpathvx.reconciler.desired;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Shares equal immutable values: the paths and maps of one kind of device select the same settings, so 10,000 LUNs x 4
 * paths keep a few selections (each with its settings and origins), not one per path and map. Bounded: cleared if a
 * strange SAN fills it. Safe from any thread (probes run on workers).
 */
public final class Interner<T> {
    private static final int MAX = 1024;
    private final ConcurrentHashMap<T, T> values = new ConcurrentHashMap<>();

    /** The value equal to {@code v} seen first, or {@code v}; null stays null. */
    public T intern(T v) {
        if (v == null) return null;
        if (values.size() >= MAX) values.clear();
        T known = values.putIfAbsent(v, v);
        return known == null ? v : known;
    }
}
