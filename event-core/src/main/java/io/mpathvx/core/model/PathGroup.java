package io.mpathvx.core.model;

import java.util.List;

/**
 * A priority group of a multipath map: its paths share one path selector.
 *
 * @param selector     path selector, e.g. {@code service-time 0}
 * @param priority     the group's priority (integer average of its usable paths' priorities)
 * @param paths        the paths, in table order
 */
public record PathGroup(String selector, int priority, List<Path> paths) {
    public PathGroup {
        paths = List.copyOf(paths);
    }
}
