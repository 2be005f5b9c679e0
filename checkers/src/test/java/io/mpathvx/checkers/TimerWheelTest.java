package io.mpathvx.checkers;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimerWheelTest {
    private final List<String> ran = new ArrayList<>();

    private Runnable task(String name) {
        return () -> ran.add(name);
    }

    @Test
    void tasksRunAtTheirTickInDueOrderNeverEarly() {
        TimerWheel w = new TimerWheel(50, 1_000);
        w.schedule(1_000, 120, task("b"));
        w.schedule(1_000, 10, task("a"));
        w.schedule(1_000, 0, task("now")); // never in the current tick: the next one
        w.advance(1_049, 100);
        assertEquals(List.of(), ran);
        w.advance(1_050, 100);
        assertEquals(List.of("a", "now"), ran);
        w.advance(1_149, 100);
        assertEquals(List.of("a", "now"), ran, "b is due at 1,120 → the tick at 1,150");
        w.advance(1_150, 100);
        assertEquals(List.of("a", "now", "b"), ran);
        assertTrue(w.isEmpty());
    }

    @Test
    void aCancelledTaskNeverRuns() {
        TimerWheel w = new TimerWheel(50, 0);
        long id = w.schedule(0, 100, task("x"));
        w.schedule(0, 100, task("y"));
        w.cancel(id);
        w.advance(10_000, 100);
        assertEquals(List.of("y"), ran);
    }

    @Test
    void aTaskBeyondOneTurnOfTheWheelWaitsForItsRound() {
        TimerWheel w = new TimerWheel(10, 0);
        w.schedule(0, 10 * 512 + 10, task("late")); // same slot as the tick at 10 ms, one round later
        w.advance(5_000, 100);
        assertEquals(List.of(), ran);
        w.advance(5_130, 100);
        assertEquals(List.of("late"), ran);
    }

    @Test
    void theBudgetLeavesTheRestForTheNextCallInOrder() {
        TimerWheel w = new TimerWheel(10, 0);
        for (int i = 0; i < 5; i++) w.schedule(0, 10, task("t" + i));
        w.schedule(0, 20, task("later"));
        assertTrue(w.advance(100, 3));
        assertEquals(List.of("t0", "t1", "t2"), ran);
        assertFalse(w.advance(100, 3));
        assertEquals(List.of("t0", "t1", "t2", "t3", "t4", "later"), ran);
    }

    @Test
    void aTaskScheduledByATaskRunsAtTheNextTickNotInTheSameOne() {
        TimerWheel w = new TimerWheel(10, 0);
        w.schedule(0, 10, () -> {
            ran.add("first");
            w.schedule(10, 0, task("second"));
        });
        w.advance(10, 100);
        assertEquals(List.of("first"), ran);
        w.advance(20, 100);
        assertEquals(List.of("first", "second"), ran);
    }

    @Test
    void afterAnIdleHourSchedulingDoesNotWalkTheIdleTicks() {
        TimerWheel w = new TimerWheel(10, 0);
        w.schedule(0, 10, task("a"));
        w.advance(10, 100);
        long hour = 3_600_000;
        w.schedule(hour, 10, task("b"));
        w.advance(hour + 10, 1);
        assertEquals(List.of("a", "b"), ran);
    }
}
