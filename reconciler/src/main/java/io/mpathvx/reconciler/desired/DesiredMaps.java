package io.mpathvx.reconciler.desired;

import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.model.Wwid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pure construction of the wanted map for one WWID from its discovered paths: find_multipaths decides whether the
 * WWID gets a map at all, paths whose size differs from the map's are refused (see {@link MapSize}), then grouping,
 * order and the table.
 */
public final class DesiredMaps {
    /** Paths are taken in device-number order so the table does not depend on event arrival order. */
    static final Comparator<PathInfo> DISCOVERY_ORDER = Comparator.comparing((PathInfo p) -> p.path().devt())
            .thenComparing(p -> p.path().name());

    private DesiredMaps() {
    }

    /**
     * Whether a WWID gets a map.
     *
     * @param pathCount  non-blacklisted paths with this WWID
     * @param inWwids    the WWID is in the wwids file
     * @param mapExists  the kernel already has a multipath map for it (existing maps are always kept)
     */
    public static boolean wanted(FindMultipaths fm, int pathCount, boolean inWwids, boolean mapExists) {
        if (pathCount == 0) return false;
        if (mapExists) return true;
        return switch (fm) {
            case OFF, GREEDY -> true;
            case STRICT -> inWwids;
            case ON, SMART -> inWwids || pathCount >= 2;
        };
    }

    /**
     * The wanted map, named by its WWID (the caller renames it), or null when no path is usable for it.
     *
     * @param paths        this WWID's non-blacklisted paths
     * @param existingSize the size of the map the kernel has now, 0 if none
     */
    public static DesiredMap build(Wwid wwid, List<PathInfo> paths, MapPolicy policy, long existingSize) {
        return build(wwid, paths, policy, existingSize, MapSize.AutoResize.NEVER, false);
    }

    /**
     * @param autoResize         whether an existing map follows a size all its paths agree on
     * @param marginalPathgroups marginal_pathgroups on: marginal paths get groups of their own
     */
    public static DesiredMap build(Wwid wwid, List<PathInfo> paths, MapPolicy policy, long existingSize,
                                   MapSize.AutoResize autoResize, boolean marginalPathgroups) {
        List<PathInfo> sorted = sorted(paths);
        long size = MapSize.of(sorted, existingSize, autoResize);
        // A LUN resized while auto_resize keeps the map's size: its paths all report the new size and stay in the
        // map (multipathd leaves them there); only a path that disagrees with the others is left out (ev_add_path).
        long agreed = MapSize.agreed(sorted);
        List<PathInfo> members = new ArrayList<>(sorted.size());
        List<DesiredMap.Refused> refused = new ArrayList<>();
        for (PathInfo p : sorted) {
            long s = p.path().sizeSectors();
            if (s <= 0) refused.add(new DesiredMap.Refused(p.path().name(), "size unknown or zero"));
            else if (s != size && s != agreed) refused.add(new DesiredMap.Refused(p.path().name(),
                    "size " + s + " differs from the map's " + size + " sectors"));
            else members.add(p);
        }
        if (members.isEmpty()) return null;
        List<PathGroup> groups = PathGrouping.group(policy.grouping(), members, marginalPathgroups);
        var table = TableAssembler.assemble(policy, TableAssembler.features(policy), groups, PathGrouping.bestGroup(groups));
        return new DesiredMap(wwid, wwid.value(), size, table, groups, refused, policy);
    }

    /** The paths in device order (see {@link #DISCOVERY_ORDER}). */
    public static List<PathInfo> sorted(java.util.Collection<PathInfo> paths) {
        List<PathInfo> sorted = new ArrayList<>(paths);
        sorted.sort(DISCOVERY_ORDER);
        return sorted;
    }
}
