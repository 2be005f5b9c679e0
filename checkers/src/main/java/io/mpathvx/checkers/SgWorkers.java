package io.mpathvx.checkers;

import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool of threads on which SG_IO checks block, shared by tur and readsector0. Its size is fixed and all
 * threads start at once, so the thread count never depends on the number of paths. A worker whose check outlived its
 * timeout is counted as stuck until the ioctl returns.
 */
final class SgWorkers implements AutoCloseable {
    private final ThreadPoolExecutor executor;
    private final AtomicInteger stuck = new AtomicInteger();

    SgWorkers(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be positive: " + threads);
        AtomicInteger n = new AtomicInteger();
        ThreadFactory tf = r -> {
            Thread t = new Thread(r, "mpathvx-sg-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        executor = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), tf);
        executor.prestartAllCoreThreads();
    }

    Future<?> submit(Runnable task) {
        return executor.submit(task);
    }

    void markStuck() {
        stuck.incrementAndGet();
    }

    void unstuck() {
        stuck.decrementAndGet();
    }

    /** Workers blocked in a check that already timed out. */
    int stuckCount() {
        return stuck.get();
    }

    int size() {
        return executor.getCorePoolSize();
    }

    /** Stops taking checks; queued tasks (fd closes) still run, a stuck worker ends when its ioctl returns. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
