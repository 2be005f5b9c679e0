package io.mpathvx.reconciler.pathstate;

import io.mpathvx.core.config.Failback;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.MultipathMap;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.reconciler.MapAction;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static io.mpathvx.reconciler.pathstate.Fixture.devt;
import static io.mpathvx.reconciler.pathstate.Fixture.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random verdicts, kernel-side I/O failures and time against a small model kernel that applies the actions and is
 * read back after each step (as the daemon does). Seeded, so a failure reproduces.
 */
class RandomSequenceTest {
    private static final PathState[] VERDICTS = {PathState.UP, PathState.UP, PathState.DOWN, PathState.GHOST,
            PathState.PENDING, PathState.TIMEOUT};

    /** The kernel side: path A/F, queueing, next group. */
    private static final class ModelKernel {
        final Map<DevT, Boolean> active = new HashMap<>();
        boolean queueing = true;
        int next = 1;
        final MultipathMap map;

        ModelKernel(MultipathMap map) {
            this.map = map;
            for (int i = 0; i < map.paths().size(); i++) active.put(devt(i), true);
        }

        void apply(MapAction a, String step) {
            if (a instanceof MapAction.FailPath f) {
                if (!active.get(f.path())) fail(step + ": failed an already failed path " + f.path());
                active.put(f.path(), false);
            } else if (a instanceof MapAction.ReinstatePath r) {
                if (active.get(r.path())) fail(step + ": reinstated an active path " + r.path());
                active.put(r.path(), true);
            } else if (a instanceof MapAction.FailIfNoPath) {
                queueing = false;
            } else if (a instanceof MapAction.QueueIfNoPath) {
                queueing = true;
            } else if (a instanceof MapAction.SwitchGroup s) {
                next = s.group();
            } else if (!(a instanceof MapAction.EnableGroup)) {
                fail(step + ": unexpected action " + a);
            }
        }

        MultipathStatus status() {
            List<Integer> failed = new ArrayList<>();
            for (int i = 0; i < map.paths().size(); i++) if (!active.get(devt(i))) failed.add(i);
            return Fixture.status(map, next, failed, Map.of());
        }
    }

    @Test
    void kernelFollowsTheCheckersAndQueueingFollowsNoPathRetry() {
        for (long seed = 1; seed <= 40; seed++) run(seed);
    }

    private void run(long seed) {
        Random random = new Random(seed);
        MutableClock clock = new MutableClock();
        PathStateMachine machine = new PathStateMachine(clock);
        MultipathMap map = Fixture.map(2, 2);
        int retries = 1 + random.nextInt(3);
        Duration interval = Duration.ofSeconds(5);
        Failback[] failbacks = {Failback.IMMEDIATE, Failback.MANUAL, Failback.FOLLOWOVER, Failback.deferred(7)};
        MapPolicy policy = new MapPolicy(NoPathRetry.retries(retries), failbacks[random.nextInt(4)], interval, true);
        ModelKernel kernel = new ModelKernel(map);
        // The model's own idea of each path: last definite verdict, DOWN after a kernel failure.
        PathState[] state = new PathState[4];
        java.util.Arrays.fill(state, PathState.UNCHECKED);
        Instant noneUsableSince = null;

        apply(kernel, machine.configure(map, policy), seed, "configure");
        apply(kernel, machine.observe(Fixture.MAP, kernel.status()), seed, "observe");
        for (int step = 0; step < 400; step++) {
            String where = "seed " + seed + " step " + step;
            int op = random.nextInt(10);
            if (op < 6) {
                int p = random.nextInt(4);
                PathState v = VERDICTS[random.nextInt(VERDICTS.length)];
                apply(kernel, machine.check(verdict(p, v)), seed, where + " " + v + " on " + p);
                if (v != PathState.PENDING) state[p] = v == PathState.TIMEOUT ? PathState.DOWN : v;
                if (v != PathState.PENDING) {
                    assertEquals(v.usable(), kernel.active.get(devt(p)), where + ": kernel state of path " + p);
                }
            } else if (op < 8) {
                // An I/O error fails an active path in the kernel; the dm event makes the daemon read the status.
                int p = random.nextInt(4);
                if (kernel.active.get(devt(p))) {
                    kernel.active.put(devt(p), false);
                    state[p] = PathState.DOWN;
                }
            } else {
                clock.advance(Duration.ofSeconds(1 + random.nextInt(6)));
                apply(kernel, machine.tick(), seed, where + " tick");
            }
            apply(kernel, machine.observe(Fixture.MAP, kernel.status()), seed, where + " observe");

            boolean anyUsable = false;
            boolean allChecked = true;
            for (PathState s : state) {
                anyUsable |= s.usable();
                allChecked &= s != PathState.UNCHECKED;
            }
            if (anyUsable || !allChecked) noneUsableSince = null;
            else if (noneUsableSince == null) noneUsableSince = clock.instant();
            if (!kernel.queueing) assertTrue(!anyUsable, where + ": queueing off while a path is usable");
            if (noneUsableSince != null && !clock.instant().isBefore(noneUsableSince.plus(interval.multipliedBy(retries)))) {
                apply(kernel, machine.tick(), seed, where + " tick");
                assertTrue(!kernel.queueing, where + ": still queueing " + retries + " intervals after the last path");
            }
            assertEquals(anyUsable ? 1 : 0, Math.min(1, machine.view(Fixture.MAP).orElseThrow().usablePaths()), where);
        }
    }

    private static void apply(ModelKernel kernel, List<MapAction> actions, long seed, String step) {
        for (MapAction a : actions) kernel.apply(a, step);
    }
}
