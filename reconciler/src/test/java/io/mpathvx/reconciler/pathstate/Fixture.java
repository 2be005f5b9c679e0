package io.mpathvx.reconciler.pathstate;

import io.mpathvx.core.config.Failback;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.MultipathMap;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathGroup;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathStatus.GroupState;
import io.mpathvx.core.multipath.MultipathStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds maps, verdicts and kernel statuses for the tests. Paths are named sd{a,b,...} with devt 8:(16*i); groups
 * are given as path counts in table order.
 */
final class Fixture {
    static final String MAP = "mpatha";

    private Fixture() {
    }

    static DevT devt(int i) {
        return new DevT(8, 16 * i);
    }

    static String name(int i) {
        return "sd" + (char) ('a' + i);
    }

    /** A map whose groups hold the given numbers of paths, numbered 0.. in table order, all UNCHECKED. */
    static MultipathMap map(int... groupSizes) {
        List<PathGroup> groups = new ArrayList<>();
        int i = 0;
        for (int size : groupSizes) {
            List<Path> paths = new ArrayList<>();
            for (int k = 0; k < size; k++, i++) {
                paths.add(new Path(name(i), devt(i), Wwid.of("3600a0b80000001"), 2048, "LIO", "disk", "1", null, "",
                        PathState.UNCHECKED));
            }
            groups.add(new PathGroup("service-time 0", 50 - groups.size(), paths));
        }
        return new MultipathMap(MAP, null, Wwid.of("3600a0b80000001"), 2048, List.of("queue_if_no_path"), List.of(),
                groups);
    }

    static MapPolicy policy(NoPathRetry npr, Failback fb) {
        return new MapPolicy(npr, fb, Duration.ofSeconds(5), true);
    }

    static CheckResult verdict(int path, PathState state) {
        return new CheckResult(name(path), devt(path), state, "test says " + state);
    }

    /**
     * A kernel status for {@code map}: every path active except {@code failed}, every group enabled except the
     * ones in {@code groupStates}, next group {@code next}.
     */
    static MultipathStatus status(MultipathMap map, int next, List<Integer> failed, Map<Integer, GroupState> groupStates) {
        List<MultipathStatus.Group> groups = new ArrayList<>();
        int i = 0;
        for (int g = 0; g < map.groups().size(); g++) {
            List<MultipathStatus.PathStatus> ps = new ArrayList<>();
            for (int k = 0; k < map.groups().get(g).paths().size(); k++, i++) {
                ps.add(new MultipathStatus.PathStatus(devt(i), !failed.contains(i), 0, List.of("0", "0")));
            }
            GroupState st = groupStates.getOrDefault(g + 1, g + 1 == next ? GroupState.ACTIVE : GroupState.ENABLED);
            groups.add(new MultipathStatus.Group(st, List.of(), ps));
        }
        return new MultipathStatus(List.of("0", "0"), List.of(), next, groups);
    }

    static MultipathStatus status(MultipathMap map, int next, Integer... failed) {
        return status(map, next, List.of(failed), Map.of());
    }
}
