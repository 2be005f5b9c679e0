package io.mpathvx.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the admin API shows: an immutable picture of the daemon's state, published by the event loop after each
 * change so that readers never wait for it.
 */
record DaemonSnapshot(Instant at, List<MapView> maps, List<PathView> paths, Map<String, Long> counters) {
    DaemonSnapshot {
        maps = List.copyOf(maps);
        paths = List.copyOf(paths);
        counters = Map.copyOf(counters);
    }

    static DaemonSnapshot empty() {
        return new DaemonSnapshot(Instant.EPOCH, List.of(), List.of(), Map.of());
    }

    /** One multipath map: what the kernel has and what the daemon last did about it. */
    record MapView(String name, String uuid, String wwid, long sizeSectors, String table, String status,
                   String lastError) {
    }

    /** One path: its identity, the checker's verdict and the kernel's view (A/F) when it is in a map. */
    record PathView(String name, String devt, String wwid, String map, String checkerState, String kernelState) {
    }
}
