package io.mpathvx.api.cli;

import java.util.List;
import java.util.stream.Stream;

/**
 * A multipath map as multipathd prints it (libmultipath struct multipath, as far as
 * print.c reads it). Facts multipathd derives from the paths (active path count,
 * vendor/product/rev) are derived from {@link #groups()} here too.
 *
 * @param name         the alias, or the WWID when the map has no alias
 * @param wwid         the map's WWID (its dm uuid without the "mpath-" prefix)
 * @param dm           device-mapper facts; null when the map has no dm device (yet)
 * @param sizeSectors  size in 512-byte sectors
 * @param features     the features string, e.g. "1 queue_if_no_path"
 * @param hwhandler    the hardware handler string, e.g. "1 alua" or "0"
 * @param failback     the failback policy and its countdown
 * @param queueing     the no_path_retry policy and its countdown
 * @param action       the pending action word ("reload", "create", ...); null or empty for none
 * @param stats        the map's counters
 * @param maxSectorsKb queue/max_sectors_kb of the dm device, null when unreadable
 * @param groups       path groups in table order (group 1 first)
 */
public record CliMap(String name, String wwid, DmInfo dm, long sizeSectors, String features,
                     String hwhandler, Failback failback, Queueing queueing, String action,
                     Stats stats, Integer maxSectorsKb, List<CliGroup> groups) {

    public CliMap {
        wwid = wwid == null ? "" : wwid;
        name = name == null ? wwid : name;
        features = features == null ? "" : features;
        hwhandler = hwhandler == null ? "" : hwhandler;
        failback = failback == null ? new Failback(Failback.Mode.UNDEF, 0, 0) : failback;
        queueing = queueing == null ? new Queueing(Queueing.Mode.UNDEF, 0, 0) : queueing;
        action = action == null ? "" : action;
        stats = stats == null ? new Stats(0, 0, 0, 0, 0, 0) : stats;
        groups = List.copyOf(groups);
    }

    /**
     * @param minor     the dm device minor (dm-N)
     * @param readOnly  whether the dm device is read-only
     * @param suspended whether the dm device is suspended
     */
    public record DmInfo(int minor, boolean readOnly, boolean suspended) {
    }

    /**
     * @param mode    the failback policy
     * @param seconds for DEFERRED: the configured delay
     * @param tick    for DEFERRED: seconds left of a running countdown, 0 when none runs
     */
    public record Failback(Mode mode, int seconds, int tick) {
        public Failback {
            mode = mode == null ? Mode.UNDEF : mode;
        }

        public enum Mode { UNDEF, MANUAL, IMMEDIATE, FOLLOWOVER, DEFERRED }
    }

    /**
     * @param mode      the no_path_retry policy
     * @param retries   for RETRY: the configured number of checker intervals
     * @param retryTick for RETRY: seconds left before queueing stops, 0 when not counting down
     */
    public record Queueing(Mode mode, int retries, int retryTick) {
        public Queueing {
            mode = mode == null ? Mode.UNDEF : mode;
        }

        public enum Mode { UNDEF, FAIL, QUEUE, RETRY }
    }

    /** The counters of "show maps stats" (print as unsigned, like upstream). */
    public record Stats(int pathFaults, int switchGroup, int mapLoads, int totalQueueingTime,
                        int queueingTimeouts, int mapFailures) {
    }

    /** Paths whose checker says ready or ghost (mirrors structs.c count_active_paths). */
    public int activePaths() {
        return (int) paths().filter(p -> p.states().checker() == CliPath.CheckerState.READY
                || p.states().checker() == CliPath.CheckerState.GHOST).count();
    }

    Stream<CliPath> paths() {
        return groups.stream().flatMap(g -> g.paths().stream());
    }
}
