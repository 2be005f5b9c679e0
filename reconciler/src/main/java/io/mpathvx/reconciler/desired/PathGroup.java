package io.mpathvx.reconciler.desired;

import java.util.List;

/**
 * A priority group being built: its paths and the values multipathd orders groups by.
 *
 * @param paths        the paths in table order
 * @param priority     integer average priority over the usable paths with a defined priority; 0 with no usable path,
 *                     -1 when usable paths exist but none has a defined priority
 * @param enabledPaths usable paths (UP or GHOST)
 * @param marginal     all paths are marginal
 */
public record PathGroup(List<PathInfo> paths, int priority, int enabledPaths, boolean marginal) {
    public PathGroup {
        paths = List.copyOf(paths);
    }

    /** Computes the group's priority, usable-path count and marginal flag from its paths. */
    public static PathGroup of(List<PathInfo> paths) {
        int sum = 0;
        int defined = 0;
        int enabled = 0;
        int marginal = 0;
        for (PathInfo p : paths) {
            if (p.marginal()) marginal++;
            if (p.usable()) {
                enabled++;
                if (p.priority() != Priorities.UNDEF) {
                    defined++;
                    sum += p.priority();
                }
            }
        }
        int prio = defined > 0 ? sum / defined : (enabled > 0 ? Priorities.UNDEF : 0);
        return new PathGroup(paths, prio, enabled, !paths.isEmpty() && marginal == paths.size());
    }
}
