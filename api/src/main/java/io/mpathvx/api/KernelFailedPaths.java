package io.mpathvx.api;

import io.mpathvx.checkers.CheckScheduler;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.multipath.MultipathStatus;

import java.util.function.Function;

/**
 * A path the kernel failed (its I/O errored: the map's status shows it F) while its checker last found it usable is
 * checked at once instead of at its next interval, which may be max_polling_interval away — multipathd's
 * update_multipath() sets such a path's tick to 1. Runs on the loop; O(paths of the one map).
 */
final class KernelFailedPaths {
    private KernelFailedPaths() {
    }

    static void recheck(MultipathStatus status, Function<DevT, String> pathName, CheckScheduler scheduler) {
        for (MultipathStatus.Group g : status.groups()) {
            for (MultipathStatus.PathStatus p : g.paths()) {
                if (p.active()) continue;
                String name = pathName.apply(p.devt());
                if (name != null && scheduler.lastState(name).map(PathState::usable).orElse(false)) scheduler.checkSoon(name);
            }
        }
    }
}
