package io.mpathvx.checkers;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** A {@link CheckTimer} whose time moves only when the test says so; due tasks run in time order. */
final class ManualTimer implements CheckTimer {
    private record Task(long due, long seq, long id, Runnable run) {
    }

    private final PriorityQueue<Task> queue = new PriorityQueue<>((a, b) ->
            a.due != b.due ? Long.compare(a.due, b.due) : Long.compare(a.seq, b.seq));
    private final List<Long> cancelled = new ArrayList<>();
    private long now;
    private long seq;
    private long nextId = 1;

    @Override
    public long nowMillis() {
        return now;
    }

    @Override
    public long schedule(long delayMillis, Runnable task) {
        long id = nextId++;
        queue.add(new Task(now + Math.max(0, delayMillis), seq++, id, task));
        return id;
    }

    @Override
    public void cancel(long id) {
        queue.removeIf(t -> t.id == id);
    }

    /** Moves time forward, running every task that falls due (including ones scheduled meanwhile). */
    void advance(long millis) {
        long end = now + millis;
        while (!queue.isEmpty() && queue.peek().due <= end) {
            Task t = queue.poll();
            now = Math.max(now, t.due);
            t.run.run();
        }
        now = end;
    }

    int pending() {
        return queue.size();
    }
}
