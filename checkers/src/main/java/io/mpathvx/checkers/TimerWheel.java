package io.mpathvx.checkers;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A hashed timer wheel for the checkers' many short timers (a check per path every few seconds, a timeout per check):
 * O(1) to schedule and cancel, and all tasks due in one tick run from one loop task instead of one Vert.x timer each
 * (a 40,000-path SAN made the loop's timer queue its busiest structure). Resolution is one tick; multipathd's own
 * checker loop ticks once a second. Time is passed in, so tests drive it. Not thread-safe: the event loop's.
 */
final class TimerWheel {
    private static final int SLOTS = 512; // a power of two

    private record Task(long id, long dueTick, Runnable run) {
    }

    private final long tickMillis;
    @SuppressWarnings("unchecked")
    private final ArrayDeque<Task>[] slots = new ArrayDeque[SLOTS];
    private final Map<Long, Task> live = new HashMap<>();
    /** The next tick whose slot has not been fully run. */
    private long cursor;
    private long nextId;
    private boolean advancing;

    TimerWheel(long tickMillis, long nowMillis) {
        if (tickMillis <= 0) throw new IllegalArgumentException("tick must be positive: " + tickMillis);
        this.tickMillis = tickMillis;
        this.cursor = Math.floorDiv(nowMillis, tickMillis) + 1;
        for (int i = 0; i < SLOTS; i++) slots[i] = new ArrayDeque<>();
    }

    long tickMillis() {
        return tickMillis;
    }

    /** Runs {@code task} at the first tick at or after {@code nowMillis + delayMillis}, never in the current one. */
    long schedule(long nowMillis, long delayMillis, Runnable task) {
        // after an idle spell, start from now, not from where the last task ran (no walk over the empty ticks between)
        if (live.isEmpty() && !advancing) cursor = Math.max(cursor, Math.floorDiv(nowMillis, tickMillis) + 1);
        // a task scheduled by a running one goes after the tick being run
        long due = Math.max(advancing ? cursor + 1 : cursor, ceilDiv(nowMillis + Math.max(0, delayMillis), tickMillis));
        Task t = new Task(nextId++, due, task);
        slots[slot(due)].add(t);
        live.put(t.id(), t);
        return t.id();
    }

    /** A cancelled task stays in its slot until its tick comes round and is skipped then. */
    void cancel(long id) {
        live.remove(id);
    }

    /**
     * Runs the tasks due by {@code nowMillis}, at most {@code budget} of them, earliest tick first.
     *
     * @return true when due tasks are left (the budget ran out): call again on a later loop turn
     */
    boolean advance(long nowMillis, int budget) {
        advancing = true;
        try {
            return runDue(Math.floorDiv(nowMillis, tickMillis), budget);
        } finally {
            advancing = false;
        }
    }

    private boolean runDue(long last, int budget) {
        int ran = 0;
        while (cursor <= last) {
            ArrayDeque<Task> slot = slots[slot(cursor)];
            for (int n = slot.size(); n > 0; n--) {
                if (ran == budget) return true;
                Task t = slot.poll();
                if (live.get(t.id()) != t) continue; // cancelled
                if (t.dueTick() > cursor) {
                    slot.add(t); // a later round of the wheel
                    continue;
                }
                live.remove(t.id());
                ran++;
                t.run().run();
            }
            cursor++;
        }
        return false;
    }

    boolean isEmpty() {
        return live.isEmpty();
    }

    private static int slot(long tick) {
        return (int) (tick & (SLOTS - 1));
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
