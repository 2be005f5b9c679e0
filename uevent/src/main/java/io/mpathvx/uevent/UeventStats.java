package io.mpathvx.uevent;

import java.util.Map;

/**
 * Counters of the uevent pipeline since start. Every received datagram is either parsed or dropped for one reason:
 * {@code received == parsed + sum(dropped)}. Of the parsed ones, ignored (not a block disk, partition, or an
 * action that matters to nobody), discarded (blacklisted), filtered (cancelled by a later event) and merged
 * (folded into a later add/remove of the same WWID) are counted; the rest were delivered.
 */
public record UeventStats(long received, long parsed, Map<DropReason, Long> dropped, long ignored, long discarded,
                          long filtered, long merged, long delivered, long batches, long resyncs) {
    public UeventStats {
        dropped = Map.copyOf(dropped);
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }
}
