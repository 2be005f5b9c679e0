package io.mpathvx.uevent;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Written on the event loop, read from anywhere (the API). */
final class UeventCounters {
    final LongAdder received = new LongAdder();
    final LongAdder parsed = new LongAdder();
    private final AtomicLongArray dropped = new AtomicLongArray(DropReason.values().length);
    final LongAdder ignored = new LongAdder();
    final LongAdder discarded = new LongAdder();
    final LongAdder filtered = new LongAdder();
    final LongAdder merged = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder resyncs = new LongAdder();

    void drop(DropReason reason) {
        dropped.incrementAndGet(reason.ordinal());
    }

    UeventStats snapshot() {
        Map<DropReason, Long> d = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            long n = dropped.get(r.ordinal());
            if (n != 0) d.put(r, n);
        }
        return new UeventStats(received.sum(), parsed.sum(), d, ignored.sum(), discarded.sum(), filtered.sum(),
                merged.sum(), delivered.sum(), batches.sum(), resyncs.sum());
    }
}
