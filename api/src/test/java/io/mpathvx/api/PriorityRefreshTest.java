package io.mpathvx.api;

import io.mpathvx.core.config.Failback;
import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.reconciler.MapView;
import io.mpathvx.reconciler.PathProber;
import io.mpathvx.reconciler.desired.DesiredMap;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.PathGroup;
import io.mpathvx.reconciler.desired.PathInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** When a check makes the daemon read a priority again, and what it hands back to the reconciler. */
class PriorityRefreshTest {
    private static final Wwid WWID = Wwid.of("3600a0000000000000000000000000001");
    private final Map<String, Integer> priorityNow = new HashMap<>();
    private final Deque<Runnable> pool = new ArrayDeque<>();
    private final List<List<String>> replanned = new ArrayList<>();
    private final Map<String, Failback> failback = new HashMap<>(Map.of("mpatha", Failback.IMMEDIATE));
    private int probes;
    private boolean lookupsPending;
    private final PathProber prober = (path, policy) -> {
        probes++;
        return PathInfo.of(path, priorityNow.get(path.name()));
    };
    private final PriorityRefresh refresh = new PriorityRefresh(pool::add, Runnable::run, prober, failback::get,
            paths -> replanned.add(paths.stream().map(Path::name).toList()), () -> lookupsPending);

    private static Path path(String name, int minor) {
        return new Path(name, new DevT(8, minor), WWID, 2048, "ACME", "Box", "1", null, "", PathState.UP);
    }

    /** The map planned with sda at 50 and sdb at 10, in two groups. */
    private static MapView planned(int sda, int sdb) {
        PathInfo a = PathInfo.of(path("sda", 0), sda);
        PathInfo b = PathInfo.of(path("sdb", 16), sdb);
        MultipathTable t = new MultipathTable(List.of(), List.of(), 1, List.of());
        DesiredMap d = new DesiredMap(WWID, "mpatha", 2048, t, List.of(new PathGroup(List.of(a), sda, 1, false),
                new PathGroup(List.of(b), sdb, 1, false)), List.of(), MapPolicy.defaults());
        return new MapView(WWID, d, null, false, 0, null, "");
    }

    private void check(String path, PathState state) {
        refresh.checked(new CheckResult(path, new DevT(8, 0), state, ""));
        while (!pool.isEmpty()) pool.poll().run();
    }

    @Test
    void aChangedPriorityHandsEveryPathOfTheMapBack() {
        refresh.onView(planned(50, 10));
        priorityNow.putAll(Map.of("sda", 10, "sdb", 50));
        check("sda", PathState.UP);
        assertEquals(List.of(List.of("sda", "sdb")), replanned);
    }

    @Test
    void noRefreshStartsWhileLookupsArePendingAndOneDoesAfter() {
        refresh.onView(planned(50, 10));
        priorityNow.putAll(Map.of("sda", 10, "sdb", 50));
        lookupsPending = true;
        check("sda", PathState.UP);
        assertEquals(0, probes);
        lookupsPending = false;
        check("sda", PathState.UP);
        assertEquals(1, probes);
        assertEquals(List.of(List.of("sda", "sdb")), replanned);
    }

    @Test
    void anUnchangedPriorityIsLeftAlone() {
        refresh.onView(planned(50, 10));
        priorityNow.putAll(Map.of("sda", 50, "sdb", 10));
        check("sda", PathState.GHOST);
        assertEquals(1, probes);
        assertEquals(List.of(), replanned);
    }

    @Test
    void unusableUnknownAndManualFailbackPathsAreNotProbed() {
        refresh.onView(planned(50, 10));
        priorityNow.putAll(Map.of("sda", 10, "sdb", 50));
        check("sda", PathState.DOWN);
        check("sdz", PathState.UP);
        failback.put("mpatha", Failback.MANUAL);
        check("sda", PathState.UP);
        failback.put("mpatha", Failback.FOLLOWOVER);
        check("sda", PathState.UP);
        assertEquals(0, probes);
        refresh.onView(new MapView(WWID, null, null, false, 0, null, ""));   // the map is gone
        failback.put("mpatha", Failback.IMMEDIATE);
        check("sda", PathState.UP);
        assertEquals(0, probes);
    }

    @Test
    void anAnswerIsComparedWithTheLatestPlanNotTheOneItStartedFrom() {
        refresh.onView(planned(50, 10));
        priorityNow.putAll(Map.of("sda", 10, "sdb", 50));
        refresh.checked(new CheckResult("sda", new DevT(8, 0), PathState.UP, ""));
        refresh.onView(planned(10, 50));   // planned again (a uevent's probe) before the answer came
        while (!pool.isEmpty()) pool.poll().run();
        assertEquals(List.of(), replanned);
    }

    @Test
    void aPathIsProbedOnceAtATime() {
        refresh.onView(planned(50, 10));
        priorityNow.putAll(Map.of("sda", 50, "sdb", 10));
        for (int i = 0; i < 3; i++) refresh.checked(new CheckResult("sda", new DevT(8, 0), PathState.UP, ""));
        assertEquals(1, pool.size(), "one probe per path at a time");
    }
}
