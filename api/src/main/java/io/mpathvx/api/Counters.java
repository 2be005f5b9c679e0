package io.mpathvx.api;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/** Named event counters: incremented on the loop, read by the API on any thread. */
final class Counters {
    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

    void add(String name) {
        counts.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    /** A copy, sorted by name. */
    Map<String, Long> values() {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }
}
