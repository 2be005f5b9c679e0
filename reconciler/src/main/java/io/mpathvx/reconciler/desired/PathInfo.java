package io.mpathvx.reconciler.desired;

import io.mpathvx.core.config.PathSelection;
import io.mpathvx.core.model.Path;

import java.util.Objects;

/**
 * A discovered path with what grouping needs beyond the {@link Path} record.
 *
 * @param path     the path
 * @param priority the prioritizer's value (see {@link Priorities}); -1 when undefined
 * @param serial   the LUN serial as seen through this path's target port (group_by_serial); empty if unknown
 * @param marginal whether the path is marginal (marginal groups go last)
 * @param tpgId    the ALUA target port group id (group_by_tpg); -1 when unknown
 * @param selection the checker and prioritizer selected for the path with their origins; null when not selected
 *                  from the device (a prober that reads nothing)
 */
public record PathInfo(Path path, int priority, String serial, boolean marginal, int tpgId, PathSelection selection) {
    public static final int TPG_UNDEF = -1;

    public PathInfo {
        Objects.requireNonNull(path, "path");
        serial = serial == null ? "" : serial;
    }

    public PathInfo(Path path, int priority, String serial, boolean marginal) {
        this(path, priority, serial, marginal, TPG_UNDEF, null);
    }

    public static PathInfo of(Path path, int priority) {
        return new PathInfo(path, priority, "", false);
    }

    /**
     * Whether the path counts as usable for group priority and order: UP or GHOST, and also a path not checked yet
     * (UNCHECKED, PENDING), which is presumed up — multipathd checks a path synchronously when it discovers it, so
     * its first table already reflects the priorities.
     */
    public boolean usable() {
        return switch (path.state()) {
            case UP, GHOST, UNCHECKED, PENDING -> true;
            default -> false;
        };
    }
}
