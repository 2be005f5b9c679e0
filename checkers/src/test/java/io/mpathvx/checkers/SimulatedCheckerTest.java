package io.mpathvx.checkers;

import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.PathState;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedCheckerTest {
    private final ManualTimer timer = new ManualTimer();
    private final Map<String, PathState> states = new ConcurrentHashMap<>();

    private static CheckTarget target(String p) {
        return CheckTarget.of(p, new DevT(8, 16), Duration.ofSeconds(5));
    }

    @Test
    void answersFromTheSimulatedStateOnALaterTurn() {
        SimulatedChecker c = new SimulatedChecker("tur", timer, states::get);
        states.put("sdb", PathState.DOWN);
        Future<CheckResult> f = c.check(target("sdb"));
        assertFalse(f.isComplete(), "never answers from inside check()");
        timer.advance(0);
        assertEquals(PathState.DOWN, f.result().state());
        assertEquals("tur", c.name());
        Future<CheckResult> unknown = c.check(target("sdz"));
        timer.advance(0);
        assertEquals(PathState.DOWN, unknown.result().state(), "a device the simulation does not know is down");
    }

    @Test
    void aHungPathTimesOutAndAReleasedOneAnswers() {
        SimulatedChecker c = new SimulatedChecker("directio", timer, states::get);
        states.put("sdb", PathState.UP);
        c.hang("sdb");
        Future<CheckResult> f = c.check(target("sdb"));
        timer.advance(4_999);
        assertFalse(f.isComplete());
        timer.advance(1);
        assertEquals(PathState.TIMEOUT, f.result().state());
        Future<CheckResult> g = c.check(target("sdb"));
        c.release("sdb");
        assertEquals(PathState.UP, g.result().state());
        assertEquals(0, timer.pending(), "the timeout timer is cancelled");
        Future<CheckResult> h = c.check(target("sdb"));
        c.hang("sdb");
        timer.advance(0);
        assertEquals(PathState.UP, h.result().state(), "a check started before the hang is answered");
        Future<CheckResult> removed = c.check(target("sdb"));
        c.forget("sdb");
        assertEquals(PathState.REMOVED, removed.result().state());
    }

    @Test
    void withVertxTimersResultsArriveOnTheLoopThread() {
        try (LoopSupport loop = new LoopSupport()) {
            states.put("sdb", PathState.UP);
            AtomicReference<Thread> loopThread = new AtomicReference<>();
            List<Thread> resultThreads = new CopyOnWriteArrayList<>();
            List<CheckResult> results = new CopyOnWriteArrayList<>();
            CheckScheduler s = loop.onLoop(() -> {
                loopThread.set(Thread.currentThread());
                CheckTimer t = CheckTimer.wheel(loop.vertx);
                CheckScheduler sch = new CheckScheduler(t, Duration.ofMillis(50), Duration.ofMillis(200), r -> {
                    resultThreads.add(Thread.currentThread());
                    results.add(r);
                });
                sch.add(target("sdb"), new SimulatedChecker("tur", t, states::get));
                return sch;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> results.size() >= 3);
            loop.run(s::close);
            assertTrue(resultThreads.stream().allMatch(t -> t == loopThread.get()));
            assertTrue(results.stream().allMatch(r -> r.state() == PathState.UP));
        }
    }
}
