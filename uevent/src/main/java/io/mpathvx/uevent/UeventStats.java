package io.mpathvx.uevent;

import java.util.Map;

/**
 * Counters of the uevent pipeline since start. Every received datagram is either parsed or dropped for one reason:
 * {@code received == parsed + sum(dropped)}; every parsed one is ignored (not a block disk, a partition, or a path
 * action other than add/change/remove), discarded (blacklisted), filtered (cancelled by a later event) or
 * delivered: {@code parsed == ignored + discarded + filtered + delivered}. {@code merged} counts delivered events
 * that were folded next to a later add/remove of the same WWID.
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
