package io.mpathvx.api;

import io.mpathvx.uevent.DiscoveredPath;
import io.mpathvx.uevent.PathDiscovery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The sysfs lookups of paths that had uevents, in order per path. A path has at most one lookup running; events that
 * arrive meanwhile only mark it for one more (a storm of changes for one disk costs two reads, and the worker queue
 * never holds more than one task per path). Every event and every removal bumps the path's generation, and a lookup
 * answer is taken only if no event came after it started: a slow, older answer never overwrites a newer one, and never
 * brings back a path whose removal arrived while it ran. Answers are handed on in batches, once per loop turn, in
 * the order they settled. Loop-confined except the lookups themselves, which run on {@code pool}.
 */
final class PathLookups {
    /** What changed: paths found (new or changed) and paths gone, by kernel name. */
    record Changes(List<DiscoveredPath> found, List<String> removed) {
    }

    /** One path's lookup state; an entry exists while a lookup runs or an answer waits to be handed on. */
    private static final class Track {
        long generation;
        boolean running;
        boolean again;
    }

    private final PathDiscovery discovery;
    private final Executor pool;
    private final Loop loop;
    private final Consumer<Changes> sink;
    private final Map<String, Track> tracks = new HashMap<>();
    /** Paths whose lookup waits for a free slot, in arrival order. */
    private final java.util.LinkedHashSet<String> waiting = new java.util.LinkedHashSet<>();
    private final int maxRunning;
    private int running;
    /** Settled answers not handed on yet; the last word per path wins (empty = removed). */
    private final Map<String, Optional<DiscoveredPath>> settled = new LinkedHashMap<>();
    private boolean flushScheduled;
    private final List<Runnable> drainWaiters = new ArrayList<>();

    /** Schedules a task on the event loop, always for a later turn (from any thread, the loop too). */
    interface Loop {
        void run(Runnable task);
    }

    /**
     * @param maxRunning lookups on the pool at once: a storm of thousands of uevents queues here, on the loop, instead
     *                   of flooding the pool, whose answers would then flood the loop's task queue in one burst
     */
    PathLookups(PathDiscovery discovery, Executor pool, int maxRunning, Loop loop, Consumer<Changes> sink) {
        this.maxRunning = maxRunning;
        this.discovery = discovery;
        this.pool = pool;
        this.loop = loop;
        this.sink = sink;
    }

    /** A path was added or changed: read it (again). */
    void lookup(String name) {
        Track t = tracks.computeIfAbsent(name, k -> new Track());
        t.generation++;
        discovery.invalidate(name);
        if (t.running) t.again = true;
        else if (!waiting.contains(name)) queue(name);
    }

    /** A path was removed: any lookup running for it is void. */
    void removed(String name) {
        Track t = tracks.get(name);
        if (t != null) {
            t.generation++;
            t.again = false;
            if (!t.running) tracks.remove(name);
        }
        waiting.remove(name);
        discovery.removed(name);
        settle(name, Optional.empty());
    }

    /** Lookups running or waiting to run (for progress). */
    int pending() {
        return tracks.size();
    }

    /** Whether no lookup runs or waits and every answer has been handed on. */
    boolean drained() {
        return tracks.isEmpty() && settled.isEmpty();
    }

    /** Runs {@code then} on the loop once {@link #drained()}: at once if it is. */
    void whenDrained(Runnable then) {
        if (drained()) then.run();
        else drainWaiters.add(then);
    }

    private void queue(String name) {
        waiting.add(name);
        startWaiting();
    }

    private void startWaiting() {
        while (running < maxRunning && !waiting.isEmpty()) {
            String name = waiting.iterator().next();
            waiting.remove(name);
            Track t = tracks.get(name);
            if (t != null && !t.running) start(name, t);
        }
    }

    private void start(String name, Track t) {
        running++;
        t.running = true;
        t.again = false;
        long generation = t.generation;
        CompletableFuture.supplyAsync(() -> {
            try {
                return discovery.discover(name);
            } catch (IOException e) {
                return Optional.<DiscoveredPath>empty(); // unreadable now: a later uevent or resync reads it again
            }
        }, pool).whenComplete((found, err) -> loop.run(() -> answered(name, generation, found, err)));
    }

    private void answered(String name, long generation, Optional<DiscoveredPath> found, Throwable err) {
        running--;
        Track t = tracks.get(name);
        if (t != null) {
            t.running = false;
            boolean current = t.generation == generation;
            // gone at read time: its remove uevent says so; an error: the next event or resync tries again
            if (current && err == null && found.isPresent()) settle(name, found);
            if (t.again) waiting.add(name);
            else tracks.remove(name);
        }
        startWaiting();
        checkDrained();
    }

    private void settle(String name, Optional<DiscoveredPath> answer) {
        settled.remove(name); // re-insert: handed on in settle order
        settled.put(name, answer);
        if (flushScheduled) return;
        flushScheduled = true;
        loop.run(this::flush);
    }

    private void flush() {
        flushScheduled = false;
        if (settled.isEmpty()) return;
        List<DiscoveredPath> found = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        settled.forEach((name, answer) -> {
            if (answer.isPresent()) found.add(answer.get());
            else removed.add(name);
        });
        settled.clear();
        sink.accept(new Changes(found, removed));
        checkDrained();
    }

    private void checkDrained() {
        if (drainWaiters.isEmpty() || !drained()) return;
        List<Runnable> ws = List.copyOf(drainWaiters);
        drainWaiters.clear();
        ws.forEach(Runnable::run);
    }
}
