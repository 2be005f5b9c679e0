package io.mpathvx.core.sim;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** How many calls of each kind the simulated kernel received (counted before faults apply, failed calls included). */
public final class CallCounts {
    private final AtomicLongArray counts = new AtomicLongArray(DmCall.values().length);

    void record(DmCall call) {
        counts.incrementAndGet(call.ordinal());
    }

    public long count(DmCall call) {
        return counts.get(call.ordinal());
    }

    /** The count by call name, e.g. {@code "TABLE_LOAD"}; throws IllegalArgumentException for an unknown name. */
    public long count(String callName) {
        return count(DmCall.valueOf(callName));
    }

    /** Every call kind with a non-zero count. */
    public Map<DmCall, Long> snapshot() {
        Map<DmCall, Long> out = new EnumMap<>(DmCall.class);
        for (DmCall c : DmCall.values()) {
            long n = count(c);
            if (n != 0) out.put(c, n);
        }
        return out;
    }

    public void reset() {
        for (int i = 0; i < counts.length(); i++) counts.set(i, 0);
    }

    @Override
    public String toString() {
        return snapshot().toString();
    }
}
