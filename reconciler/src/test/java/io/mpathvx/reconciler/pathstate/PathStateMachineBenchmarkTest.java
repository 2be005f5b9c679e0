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
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.reconciler.MapAction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How many verdicts per second the machine digests, printed (not asserted). Tagged benchmark: not part of the default
 * test run; run it with
 * {@code mvn -B -q -o -Pbenchmark -pl reconciler -am test -Dtest=PathStateMachineBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@Tag("benchmark")
class PathStateMachineBenchmarkTest {
    private static final int MAPS = 10_000;
    private static final int PATHS_PER_GROUP = 2;

    @Test
    void verdictsPerSecond() {
        MutableClock clock = new MutableClock();
        PathStateMachine machine = new PathStateMachine(clock);
        List<CheckResult[]> verdicts = new ArrayList<>();
        MapPolicy policy = new MapPolicy(NoPathRetry.retries(2), Failback.IMMEDIATE, Duration.ofSeconds(5), true);
        int minor = 0;
        for (int m = 0; m < MAPS; m++) {
            List<PathGroup> groups = new ArrayList<>();
            List<MultipathStatus.Group> sgroups = new ArrayList<>();
            for (int g = 0; g < 2; g++) {
                List<Path> paths = new ArrayList<>();
                List<MultipathStatus.PathStatus> sp = new ArrayList<>();
                for (int p = 0; p < PATHS_PER_GROUP; p++, minor += 16) {
                    DevT devt = new DevT(8 + minor / 0x100000, minor % 0x100000);
                    paths.add(new Path("sd" + minor, devt, Wwid.of("3" + m), 2048, "", "", "", null, "", PathState.UNCHECKED));
                    sp.add(new MultipathStatus.PathStatus(devt, true, 0, List.of()));
                    verdicts.add(new CheckResult[]{
                            new CheckResult("sd" + minor, devt, PathState.UP, "up"),
                            new CheckResult("sd" + minor, devt, PathState.DOWN, "down")});
                }
                groups.add(new PathGroup("round-robin 0", 1, paths));
                sgroups.add(new MultipathStatus.Group(g == 0 ? MultipathStatus.GroupState.ACTIVE
                        : MultipathStatus.GroupState.ENABLED, List.of(), sp));
            }
            String name = "mpath" + m;
            machine.configure(new MultipathMap(name, null, Wwid.of("3" + m), 2048, List.of(), List.of(), groups), policy);
            machine.observe(name, new MultipathStatus(List.of("0", "0"), List.of(), 1, sgroups));
        }
        Random random = new Random(7);
        int n = 2_000_000;
        long actions = 0;
        for (int round = 0; round < 2; round++) { // the first round warms up the JIT
            actions = 0;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                CheckResult[] v = verdicts.get(random.nextInt(verdicts.size()));
                // Mostly UP, as in a healthy SAN, with 5% DOWN verdicts.
                List<MapAction> a = machine.check(random.nextInt(20) == 0 ? v[1] : v[0]);
                actions += a.size();
                if ((i & 0xffff) == 0) {
                    clock.advance(Duration.ofSeconds(1));
                    actions += machine.tick().size();
                }
            }
            long ns = System.nanoTime() - t0;
            System.out.printf("PathStateMachineBenchmarkTest round %d: %d verdicts over %d maps x %d paths in %.1f ms: "
                            + "%.0f verdicts/s, %.0f ns/verdict, %d actions%n", round, n, MAPS, 2 * PATHS_PER_GROUP,
                    ns / 1e6, n / (ns / 1e9), (double) ns / n, actions);
        }
        assertTrue(actions > 0);
        assertEquals(MAPS, machine.views().size());
    }
}
