package io.mpathvx.reconciler.desired;

import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.model.Wwid;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pure construction of the wanted map for one WWID from its discovered paths: find_multipaths decides whether the
 * WWID gets a map at all, paths whose size differs from the map's are refused, then grouping, order and the table.
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
        return build(wwid, paths, policy, existingSize, false);
    }

    /** @param marginalPathgroups marginal_pathgroups on: marginal paths get groups of their own */
    public static DesiredMap build(Wwid wwid, List<PathInfo> paths, MapPolicy policy, long existingSize,
                                   boolean marginalPathgroups) {
        List<PathInfo> sorted = new ArrayList<>(paths);
        sorted.sort(DISCOVERY_ORDER);
        long size = mapSize(sorted, existingSize);
        List<PathInfo> members = new ArrayList<>(sorted.size());
        List<DesiredMap.Refused> refused = new ArrayList<>();
        for (PathInfo p : sorted) {
            long s = p.path().sizeSectors();
            if (s <= 0) refused.add(new DesiredMap.Refused(p.path().name(), "size unknown or zero"));
            else if (s != size) refused.add(new DesiredMap.Refused(p.path().name(),
                    "size " + s + " differs from the map's " + size + " sectors"));
            else members.add(p);
        }
        if (members.isEmpty()) return null;
        List<PathGroup> groups = PathGrouping.group(policy.grouping(), members, marginalPathgroups);
        var table = TableAssembler.assemble(policy, TableAssembler.features(policy), groups, PathGrouping.bestGroup(groups));
        return new DesiredMap(wwid, wwid.value(), size, table, groups, refused, policy);
    }

    /**
     * The map's size: the existing map's, unless every path now agrees on another size (the LUN was resized); for a
     * new map the first path's (in discovery order) with a positive size.
     */
    static long mapSize(List<PathInfo> sorted, long existingSize) {
        long common = -1;
        for (PathInfo p : sorted) {
            long s = p.path().sizeSectors();
            if (s <= 0) continue;
            if (common == -1) common = s;
            else if (common != s) {
                common = -2;
                break;
            }
        }
        if (existingSize > 0) return common > 0 ? common : existingSize;
        if (common > 0) return common;
        for (PathInfo p : sorted) if (p.path().sizeSectors() > 0) return p.path().sizeSectors();
        return 0;
    }
}
