package io.mpathvx.reconciler;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** An executor whose tasks run only when the test says so: the worker pool of the reconciler's parts, by hand. */
final class ManualExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    int pending() {
        return tasks.size();
    }

    /** Runs the tasks queued so far and those they queue, until none is left. */
    void runAll() {
        while (!tasks.isEmpty()) tasks.poll().run();
    }
}
