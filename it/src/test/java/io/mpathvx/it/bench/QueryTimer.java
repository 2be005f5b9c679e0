package io.mpathvx.it.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs one admin query after another (20 ms apart) on its own thread while a storm runs and keeps each one's
 * latency; a failed query counts as failed, not as a latency.
 */
final class QueryTimer implements AutoCloseable {
    private final List<Double> millis = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int failed;

    QueryTimer(String name, Callable<Boolean> query) {
        thread = new Thread(() -> {
            while (running) {
                long t0 = System.nanoTime();
                boolean ok;
                try {
                    ok = query.call();
                } catch (Exception e) {
                    ok = false;
                }
                if (ok) millis.add((System.nanoTime() - t0) / 1e6);
                else failed++;
                try {
                    Thread.sleep(20); // a pause between queries, as a monitoring client has; not a wait for a state
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "bench-query-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /** "p50 / p99 / max ms (n queries, f failed)". */
    String summary() {
        List<Double> sorted;
        synchronized (millis) {
            sorted = new ArrayList<>(millis);
        }
        Collections.sort(sorted);
        if (sorted.isEmpty()) return "no answer (" + failed + " failed)";
        return String.format("%.0f / %.0f / %.0f ms (%d queries, %d failed)", pct(sorted, 50), pct(sorted, 99),
                sorted.get(sorted.size() - 1), sorted.size(), failed);
    }

    private static double pct(List<Double> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join();
    }
}
