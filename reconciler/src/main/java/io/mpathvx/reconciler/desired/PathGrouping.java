package io.mpathvx.reconciler.desired;

import io.mpathvx.core.config.PathGroupingPolicy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Groups a map's paths by path_grouping_policy and orders the groups like multipathd: non-marginal before marginal,
 * then higher group priority, then more usable paths, then creation order (a stable sort).
 */
public final class PathGrouping {
    static final Comparator<PathGroup> ORDER = Comparator.comparing(PathGroup::marginal)
            .thenComparing(Comparator.comparingInt(PathGroup::priority).reversed())
            .thenComparing(Comparator.comparingInt(PathGroup::enabledPaths).reversed());

    private PathGrouping() {
    }

    /** The ordered groups for {@code paths} (given in discovery order, which becomes creation order). */
    public static List<PathGroup> group(PathGroupingPolicy policy, List<PathInfo> paths) {
        return group(policy, paths, false);
    }

    /**
     * As pgpolicies.c group_paths: with {@code marginalPathgroups} and both marginal and normal paths, the policy
     * groups the normal paths, then the marginal ones apart (so no group mixes them); then sort_pathgroups orders them.
     */
    public static List<PathGroup> group(PathGroupingPolicy policy, List<PathInfo> paths, boolean marginalPathgroups) {
        List<PathGroup> groups = new ArrayList<>();
        List<PathInfo> normal = paths.stream().filter(p -> !p.marginal()).toList();
        if (marginalPathgroups && !normal.isEmpty() && normal.size() < paths.size()) {
            groupBy(policy, normal, groups);
            groupBy(policy, paths.stream().filter(PathInfo::marginal).toList(), groups);
        } else {
            groupBy(policy, paths, groups);
        }
        groups.sort(ORDER); // List.sort is stable: equal groups keep creation order
        return List.copyOf(groups);
    }

    private static void groupBy(PathGroupingPolicy policy, List<PathInfo> paths, List<PathGroup> groups) {
        switch (policy) {
            case FAILOVER -> paths.forEach(p -> groups.add(PathGroup.of(List.of(p))));
            case MULTIBUS -> {
                if (!paths.isEmpty()) groups.add(PathGroup.of(paths));
            }
            case GROUP_BY_SERIAL -> byKey(paths, PathInfo::serial, groups);
            case GROUP_BY_PRIO -> byKey(paths, PathInfo::priority, groups);
            case GROUP_BY_TPG -> byKey(paths, PathInfo::tpgId, groups);   // pgpolicies.c group_by_tpg: by port group id
            case GROUP_BY_NODE_NAME -> byKey(paths, p -> p.path().targetNodeName(), groups);
        }
    }

    private static <K> void byKey(List<PathInfo> paths, Function<PathInfo, K> key, List<PathGroup> out) {
        Map<K, List<PathInfo>> byKey = new LinkedHashMap<>();
        for (PathInfo p : paths) byKey.computeIfAbsent(key.apply(p), k -> new ArrayList<>()).add(p);
        byKey.values().forEach(list -> out.add(PathGroup.of(list)));
    }

    /**
     * The group to use first (1-based), as multipathd's select_path_group: among groups with usable paths, the first
     * non-marginal one, replaced by a later one with higher priority or, at equal priority, more usable paths;
     * marginal groups only count while no non-marginal group has usable paths. 1 when no group qualifies, 0 with no
     * groups.
     */
    public static int bestGroup(List<PathGroup> groups) {
        if (groups.isEmpty()) return 0;
        int best = 1;
        int maxPrio = 0;
        int maxEnabled = 1;
        boolean haveNormal = false;
        for (int i = 0; i < groups.size(); i++) {
            PathGroup g = groups.get(i);
            if (g.paths().isEmpty() || g.enabledPaths() == 0) continue;
            if (g.marginal() && haveNormal) continue;
            if (!g.marginal() && !haveNormal) {
                haveNormal = true;
                maxPrio = g.priority();
                maxEnabled = g.enabledPaths();
                best = i + 1;
            } else if (g.priority() > maxPrio || (g.priority() == maxPrio && g.enabledPaths() > maxEnabled)) {
                maxPrio = g.priority();
                maxEnabled = g.enabledPaths();
                best = i + 1;
            }
        }
        return best;
    }
}
