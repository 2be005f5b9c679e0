package io.mpathvx.reconciler.desired;

import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.model.PathState;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mpathvx.reconciler.desired.Paths.path;
import static org.junit.jupiter.api.Assertions.*;

class PathGroupingTest {
    private static List<List<String>> names(List<PathGroup> groups) {
        return groups.stream().map(g -> g.paths().stream().map(p -> p.path().name()).toList()).toList();
    }

    private static PathInfo p(String name, String devt, int prio, PathState st, String serial, String node, boolean marginal) {
        return new PathInfo(path(name, devt, "3600", 2048, st, node), prio, serial, marginal);
    }

    @Test
    void failoverOneGroupPerPathHighestPriorityFirst() {
        List<PathGroup> g = PathGrouping.group(PathGroupingPolicy.FAILOVER, List.of(
                p("sda", "8:0", 10, PathState.UP, "", "", false),
                p("sdb", "8:16", 50, PathState.UP, "", "", false),
                p("sdc", "8:32", 10, PathState.UP, "", "", false)));
        assertEquals(List.of(List.of("sdb"), List.of("sda"), List.of("sdc")), names(g), "ties keep creation order");
        assertEquals(1, PathGrouping.bestGroup(g));
    }

    @Test
    void multibusOneGroup() {
        List<PathGroup> g = PathGrouping.group(PathGroupingPolicy.MULTIBUS, List.of(
                p("sda", "8:0", 10, PathState.UP, "", "", false), p("sdb", "8:16", 50, PathState.DOWN, "", "", false)));
        assertEquals(List.of(List.of("sda", "sdb")), names(g));
        assertEquals(10, g.get(0).priority(), "average over usable paths only");
        assertEquals(1, g.get(0).enabledPaths());
        assertTrue(PathGrouping.group(PathGroupingPolicy.MULTIBUS, List.of()).isEmpty());
        assertEquals(0, PathGrouping.bestGroup(List.of()));
    }

    @Test
    void groupBySerial() {
        List<PathGroup> g = PathGrouping.group(PathGroupingPolicy.GROUP_BY_SERIAL, List.of(
                p("sda", "8:0", 1, PathState.UP, "S1", "", false),
                p("sdb", "8:16", 1, PathState.UP, "S2", "", false),
                p("sdc", "8:32", 1, PathState.UP, "S1", "", false),
                p("sdd", "8:48", 1, PathState.UP, "S2", "", false),
                p("sde", "8:64", 1, PathState.UP, "S2", "", false)));
        assertEquals(List.of(List.of("sdb", "sdd", "sde"), List.of("sda", "sdc")), names(g), "equal priority: more usable paths first");
    }

    @Test
    void groupByPrioAverageAndOrder() {
        List<PathInfo> paths = List.of(
                p("sda", "8:0", 10, PathState.UP, "", "", false),
                p("sdb", "8:16", 50, PathState.UP, "", "", false),
                p("sdc", "8:32", 10, PathState.UP, "", "", false),
                p("sdd", "8:48", 50, PathState.DOWN, "", "", false),
                p("sde", "8:64", 1, PathState.GHOST, "", "", false));
        List<PathGroup> g = PathGrouping.group(PathGroupingPolicy.GROUP_BY_PRIO, paths);
        assertEquals(List.of(List.of("sdb", "sdd"), List.of("sda", "sdc"), List.of("sde")), names(g));
        assertEquals(List.of(50, 10, 1), g.stream().map(PathGroup::priority).toList());
        assertEquals(List.of(1, 2, 1), g.stream().map(PathGroup::enabledPaths).toList());
    }

    @Test
    void groupByTpgGroupsByPortGroupIdNotByPriority() {
        // mirrors pgpolicies.c group_by_tpg (tpg_match): two port groups with equal priority stay two groups
        List<PathInfo> paths = new java.util.ArrayList<>();
        int[] tpgIds = {1, 2, 3, 1};
        List<PathInfo> up = upPaths(new int[]{50, 50, 10, 10}, new boolean[4]);
        for (int i = 0; i < up.size(); i++) paths.add(tpg(up.get(i), tpgIds[i]));
        List<PathGroup> byTpg = PathGrouping.group(PathGroupingPolicy.GROUP_BY_TPG, paths);
        // group priority = truncated average over usable paths: (50 + 10) / 2 = 30 for port group 1
        assertEquals(List.of(List.of("sdb"), List.of("sda", "sdd"), List.of("sdc")), names(byTpg));
        assertEquals(List.of(50, 30, 10), byTpg.stream().map(PathGroup::priority).toList());
        List<PathGroup> byPrio = PathGrouping.group(PathGroupingPolicy.GROUP_BY_PRIO, paths);
        assertEquals(List.of(List.of("sda", "sdb"), List.of("sdc", "sdd")), names(byPrio));
    }

    @Test
    void marginalPathgroupsGroupMarginalPathsApartAndLast() {
        // mirrors pgpolicies.c group_paths with marginal_pathgroups on: the policy runs on the normal paths, then on
        // the marginal ones; sort_pathgroups puts every marginal group after every normal one, whatever its priority
        List<PathInfo> paths = upPaths(new int[]{50, 50, 10, 50}, new boolean[]{true, false, false, true});
        List<PathGroup> split = PathGrouping.group(PathGroupingPolicy.GROUP_BY_PRIO, paths, true);
        assertEquals(List.of(List.of("sdb"), List.of("sdc"), List.of("sda", "sdd")), names(split));
        assertEquals(List.of(false, false, true), split.stream().map(PathGroup::marginal).toList());
        assertEquals(1, PathGrouping.bestGroup(split));
        // multibus: one group of the normal paths, one of the marginal ones
        assertEquals(List.of(List.of("sdb", "sdc"), List.of("sda", "sdd")),
                names(PathGrouping.group(PathGroupingPolicy.MULTIBUS, paths, true)));
        // marginal_pathgroups off: paths group by policy alone
        assertEquals(List.of(List.of("sda", "sdb", "sdd"), List.of("sdc")),
                names(PathGrouping.group(PathGroupingPolicy.GROUP_BY_PRIO, paths, false)));
        // only marginal paths: nothing to split, one ordinary grouping
        List<PathInfo> allMarginal = List.of(paths.get(0), paths.get(3));
        assertEquals(List.of(List.of("sda", "sdd")),
                names(PathGrouping.group(PathGroupingPolicy.GROUP_BY_PRIO, allMarginal, true)));
    }

    /** Paths sda, sdb, ... (8:0, 8:16, ...), all up, with these priorities and marginal flags. */
    private static List<PathInfo> upPaths(int[] prios, boolean[] marginal) {
        List<PathInfo> out = new java.util.ArrayList<>();
        for (int i = 0; i < prios.length; i++) {
            out.add(p("sd" + (char) ('a' + i), "8:" + 16 * i, prios[i], PathState.UP, "", "", marginal[i]));
        }
        return out;
    }

    private static PathInfo tpg(PathInfo p, int tpgId) {
        return new PathInfo(p.path(), p.priority(), p.serial(), p.marginal(), tpgId, null);
    }

    @Test
    void groupWithoutUsablePathsHasPriorityZeroAndSortsLast() {
        List<PathGroup> g = PathGrouping.group(PathGroupingPolicy.GROUP_BY_PRIO, List.of(
                p("sda", "8:0", 50, PathState.DOWN, "", "", false),
                p("sdb", "8:16", 10, PathState.UP, "", "", false)));
        assertEquals(List.of(List.of("sdb"), List.of("sda")), names(g));
        assertEquals(0, g.get(1).priority());
    }

    @Test
    void integerAverage() {
        PathGroup g = PathGroup.of(List.of(p("a", "8:0", 50, PathState.UP, "", "", false),
                p("b", "8:16", 10, PathState.UP, "", "", false), p("c", "8:32", 1, PathState.UP, "", "", false)));
        assertEquals(20, g.priority()); // 61 / 3
        PathGroup undef = PathGroup.of(List.of(p("a", "8:0", -1, PathState.UP, "", "", false)));
        assertEquals(-1, undef.priority());
    }

    @Test
    void groupByNodeName() {
        List<PathGroup> g = PathGrouping.group(PathGroupingPolicy.GROUP_BY_NODE_NAME, List.of(
                p("sda", "8:0", 1, PathState.UP, "", "0x2000a", false),
                p("sdb", "8:16", 1, PathState.UP, "", "0x2000b", false),
                p("sdc", "8:32", 1, PathState.UP, "", "0x2000a", false)));
        assertEquals(List.of(List.of("sda", "sdc"), List.of("sdb")), names(g));
    }

    @Test
    void marginalGroupsLastEvenWithHigherPriority() {
        List<PathGroup> g = PathGrouping.group(PathGroupingPolicy.FAILOVER, List.of(
                p("sda", "8:0", 50, PathState.UP, "", "", true),
                p("sdb", "8:16", 10, PathState.UP, "", "", false)));
        assertEquals(List.of(List.of("sdb"), List.of("sda")), names(g));
        assertTrue(g.get(1).marginal());
        // a group is marginal only when all its paths are
        assertFalse(PathGroup.of(List.of(p("a", "8:0", 1, PathState.UP, "", "", true), p("b", "8:16", 1, PathState.UP, "", "", false))).marginal());
    }

    @Test
    void bestGroupSkipsGroupsWithoutUsablePathsAndPrefersNonMarginal() {
        PathGroup down = PathGroup.of(List.of(p("a", "8:0", 50, PathState.DOWN, "", "", false)));
        PathGroup low = PathGroup.of(List.of(p("b", "8:16", 10, PathState.UP, "", "", false)));
        PathGroup high = PathGroup.of(List.of(p("c", "8:32", 40, PathState.UP, "", "", false)));
        PathGroup marginalHigh = PathGroup.of(List.of(p("d", "8:48", 90, PathState.UP, "", "", true)));
        assertEquals(2, PathGrouping.bestGroup(List.of(down, low)));
        assertEquals(3, PathGrouping.bestGroup(List.of(down, low, high)));
        assertEquals(2, PathGrouping.bestGroup(List.of(marginalHigh, low)));
        assertEquals(1, PathGrouping.bestGroup(List.of(marginalHigh)), "only marginal groups: use them");
        assertEquals(1, PathGrouping.bestGroup(List.of(down)), "nothing usable: group 1");
        PathGroup lowTwo = PathGroup.of(List.of(p("e", "8:64", 10, PathState.UP, "", "", false), p("f", "8:80", 10, PathState.UP, "", "", false)));
        assertEquals(2, PathGrouping.bestGroup(List.of(low, lowTwo)), "same priority, more usable paths");
    }

    @Test
    void creationOrderBreaksTies() {
        List<PathGroup> g = PathGrouping.group(PathGroupingPolicy.GROUP_BY_SERIAL, List.of(
                p("sdz", "8:0", 1, PathState.UP, "B", "", false),
                p("sda", "8:16", 1, PathState.UP, "A", "", false)));
        assertEquals(List.of(List.of("sdz"), List.of("sda")), names(g));
    }
}
