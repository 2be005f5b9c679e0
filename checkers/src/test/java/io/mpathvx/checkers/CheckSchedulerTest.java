package io.mpathvx.checkers;

import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.PathState;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckSchedulerTest {
    private final ManualTimer timer = new ManualTimer();
    private final List<CheckResult> results = new ArrayList<>();
    private final Map<String, PathState> states = new HashMap<>();
    private final SimulatedChecker sim = new SimulatedChecker("tur", timer, states::get);

    private static CheckTarget target(int i) {
        return CheckTarget.of("sd" + i, new DevT(8, i), Duration.ofSeconds(30));
    }

    private CheckScheduler scheduler(int base, int max) {
        return new CheckScheduler(timer, Duration.ofSeconds(base), Duration.ofSeconds(max), results::add);
    }

    /** A checker that records when each check starts and answers UP at once. */
    private static final class Recording implements PathChecker {
        final ManualTimer timer;
        final List<Long> starts = new ArrayList<>();
        final Map<String, List<Long>> startsByPath = new HashMap<>();
        final List<String> forgotten = new ArrayList<>();

        Recording(ManualTimer timer) {
            this.timer = timer;
        }

        @Override
        public String name() {
            return "rec";
        }

        @Override
        public Future<CheckResult> check(CheckTarget t) {
            starts.add(timer.nowMillis());
            startsByPath.computeIfAbsent(t.path(), k -> new ArrayList<>()).add(timer.nowMillis());
            return Future.succeededFuture(new CheckResult(t.path(), t.devt(), PathState.UP, "up"));
        }

        @Override
        public void forget(String path) {
            forgotten.add(path);
        }
    }

    @Test
    void pathsAddedTogetherAreSpreadEvenlyOverTheInterval() {
        Recording rec = new Recording(timer);
        CheckScheduler s = scheduler(5, 5);
        int n = 1000;
        for (int i = 0; i < n; i++) s.add(target(i), rec);
        timer.advance(4999);
        assertEquals(n, rec.starts.size(), "every path checked once within the first interval");
        int[] buckets = new int[10];
        for (long t : rec.starts) buckets[(int) (t / 500)]++;
        for (int b : buckets) {
            assertTrue(b >= n / 10 - 10 && b <= n / 10 + 10, "bucket of 0.5 s holds about 100 checks: " + java.util.Arrays.toString(buckets));
        }
        // And they stay spread: the second round has the same shape.
        rec.starts.clear();
        timer.advance(5000);
        assertEquals(n, rec.starts.size());
        int[] again = new int[10];
        for (long t : rec.starts) again[(int) ((t - 5000) / 500)]++;
        for (int b : again) assertTrue(b >= n / 10 - 10 && b <= n / 10 + 10, java.util.Arrays.toString(again));
    }

    @Test
    void healthyPathBacksOffByDoublingUpToTheMaximum() {
        Recording rec = new Recording(timer);
        CheckScheduler s = scheduler(5, 40);
        s.add(target(0), rec); // slot 0: phase 0
        timer.advance(200_000);
        List<Long> starts = rec.startsByPath.get("sd0");
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < 7; i++) gaps.add(starts.get(i) - starts.get(i - 1));
        // first result is a change (UNCHECKED → UP): 5 s; then 10, 20, 40, 40, ...
        assertEquals(List.of(5000L, 10_000L, 20_000L, 40_000L, 40_000L, 40_000L), gaps);
        assertEquals(Duration.ofSeconds(40), s.interval("sd0").orElseThrow());
    }

    @Test
    void aStateChangeResetsTheIntervalAndDownPathsStayAtTheBase() {
        CheckScheduler s = scheduler(5, 40);
        states.put("sd0", PathState.UP);
        s.add(target(0), sim);
        timer.advance(40_000); // checks at 0 (→5), 5 (→10), 15 (→20), 35 (→40)
        assertEquals(Duration.ofSeconds(40), s.interval("sd0").orElseThrow());
        states.put("sd0", PathState.DOWN);
        timer.advance(40_000); // next check at 75
        assertEquals(PathState.DOWN, results.get(results.size() - 1).state());
        assertEquals(Duration.ofSeconds(5), s.interval("sd0").orElseThrow());
        int before = results.size();
        timer.advance(20_000);
        assertEquals(before + 4, results.size(), "a down path is checked every polling_interval");
        assertEquals(Duration.ofSeconds(5), s.interval("sd0").orElseThrow());
        states.put("sd0", PathState.UP);
        timer.advance(5_000);
        assertEquals(PathState.UP, results.get(results.size() - 1).state());
        assertEquals(Duration.ofSeconds(5), s.interval("sd0").orElseThrow(), "back up: a change, so the base interval");
        timer.advance(5_000);
        assertEquals(Duration.ofSeconds(10), s.interval("sd0").orElseThrow());
    }

    @Test
    void pendingIsRecheckedAfterASecondWithoutCountingAsAVerdict() {
        CheckScheduler s = scheduler(5, 40);
        states.put("sd0", PathState.UP);
        s.add(target(0), sim);
        timer.advance(1);
        states.put("sd0", PathState.PENDING);
        timer.advance(5_000);
        assertEquals(PathState.PENDING, results.get(results.size() - 1).state());
        int n = results.size();
        timer.advance(1_000);
        assertEquals(n + 1, results.size());
        assertEquals(PathState.UP, s.lastState("sd0").orElseThrow(), "PENDING does not replace the last verdict");
    }

    @Test
    void aHungCheckDelaysOnlyItsOwnPath() {
        CheckScheduler s = scheduler(5, 5);
        for (int i = 0; i < 20; i++) {
            states.put("sd" + i, PathState.UP);
            s.add(new CheckTarget("sd" + i, new DevT(8, i), "/dev/sd" + i, Duration.ofSeconds(30)), sim);
        }
        sim.hang("sd3");
        timer.advance(69_999);
        Map<String, Integer> count = new HashMap<>();
        for (CheckResult r : results) count.merge(r.path() + ":" + r.state(), 1, Integer::sum);
        for (int i = 0; i < 20; i++) {
            if (i == 3) continue;
            assertEquals(14, count.getOrDefault("sd" + i + ":UP", 0), "sd" + i + " checked every 5 s: " + count);
        }
        assertEquals(2, count.getOrDefault("sd3:TIMEOUT", 0), "the hung path reports TIMEOUT after each 30 s timeout");
        sim.release("sd3");
        assertEquals(0, count.getOrDefault("sd3:UP", 0));
        timer.advance(0);
        assertEquals(PathState.UP, results.get(results.size() - 1).state(), "released path answers again");
        assertEquals("sd3", results.get(results.size() - 1).path());
    }

    @Test
    void checkSoonChecksAtOnceAndResetsTheInterval() {
        Recording rec = new Recording(timer);
        CheckScheduler s = scheduler(5, 40);
        s.add(target(0), rec);
        timer.advance(36_000); // at max interval soon
        int n = rec.starts.size();
        s.checkSoon("sd0");
        timer.advance(0);
        assertEquals(n + 1, rec.starts.size());
        assertEquals(Duration.ofSeconds(10), s.interval("sd0").orElseThrow(), "reset to 5, then doubled once by the UP");
    }

    @Test
    void removeStopsChecksForgetsThePathAndDropsInFlightResults() {
        CheckScheduler s = scheduler(5, 5);
        states.put("sd0", PathState.UP);
        sim.hang("sd0");
        s.add(target(0), sim);
        timer.advance(1_000); // check in flight (hung)
        s.remove("sd0");
        timer.advance(60_000);
        assertTrue(results.isEmpty(), "no result for a removed path: " + results);
        assertFalse(s.interval("sd0").isPresent());
        assertEquals(0, timer.pending(), "no timers left behind");
    }

    @Test
    void aCheckerThatThrowsYieldsDownNotACrash() {
        PathChecker broken = new PathChecker() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public Future<CheckResult> check(CheckTarget target) {
                throw new IllegalStateException("boom");
            }

            @Override
            public void forget(String path) {
            }
        };
        CheckScheduler s = scheduler(5, 5);
        s.add(target(0), broken);
        timer.advance(11_000);
        assertEquals(3, results.size());
        assertTrue(results.stream().allMatch(r -> r.state() == PathState.DOWN && r.message().contains("boom")));
    }

    @Test
    void aPathNeverHasTwoChecksInFlight() {
        List<Promise<CheckResult>> open = new ArrayList<>();
        PathChecker slow = new PathChecker() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public Future<CheckResult> check(CheckTarget target) {
                Promise<CheckResult> p = Promise.promise();
                open.add(p);
                return p.future();
            }

            @Override
            public void forget(String path) {
            }
        };
        CheckScheduler s = scheduler(5, 5);
        s.add(target(0), slow);
        timer.advance(30_000);
        assertEquals(1, open.size());
        open.get(0).complete(new CheckResult("sd0", new DevT(8, 0), PathState.UP, ""));
        timer.advance(0);
        assertEquals(2, open.size(), "late result: the next check starts at once");
    }
}
