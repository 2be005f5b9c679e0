package io.mpathvx.dm;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmEventChannel;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.kernel.ReadyWatch;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DmEventWatcherTest {
    private final Vertx vertx = Vertx.vertx();
    private final List<MapEvent> events = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<Thread> listenerThreads = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    /** Level-triggered like the real fd: ready while the global counter differs from the armed value. */
    static final class FakeChannel implements DmEventChannel {
        private final Map<String, DmDevice> devices = new LinkedHashMap<>();
        private long global;
        private long armed;
        private Context context;
        private Runnable onReady;
        private boolean paused = true;
        final AtomicInteger lists = new AtomicInteger();
        final AtomicInteger arms = new AtomicInteger();
        volatile CountDownLatch gate;
        volatile DmException failNext;
        /** Set: the watch fails to start, as FdPoller's does when epoll refuses the fd. */
        volatile Throwable refuseWatch;
        volatile boolean watchClosed;

        synchronized void put(String name, long eventNr) {
            DmDevice old = devices.get(name);
            DevT devt = old != null ? old.devt() : new DevT(253, devices.size());
            devices.put(name, new DmDevice(name, "mpath-" + name, devt, eventNr));
            global++;
            poke();
        }

        synchronized void drop(String name) {
            devices.remove(name);
            global++;
            poke();
        }

        private void poke() {
            if (onReady != null && !paused && global != armed) {
                paused = true;
                context.runOnContext(v -> onReady.run());
            }
        }

        @Override
        public synchronized ReadyWatch watch(Context context, Runnable onReady) {
            this.context = context;
            this.onReady = onReady;
            paused = false;
            poke();
            Throwable refused = refuseWatch;
            return new ReadyWatch() {
                @Override
                public io.vertx.core.Future<Void> started() {
                    return refused == null ? io.vertx.core.Future.succeededFuture() : io.vertx.core.Future.failedFuture(refused);
                }

                @Override
                public void resume() {
                    synchronized (FakeChannel.this) {
                        paused = false;
                        poke();
                    }
                }

                @Override
                public void close() {
                    synchronized (FakeChannel.this) {
                        FakeChannel.this.onReady = null;
                        watchClosed = true;
                    }
                }
            };
        }

        @Override
        public synchronized void arm() {
            arms.incrementAndGet();
            armed = global;
        }

        @Override
        public List<DmDevice> listDevices() throws DmException {
            List<DmDevice> snapshot;
            synchronized (this) {
                snapshot = List.copyOf(devices.values());
            }
            lists.incrementAndGet();
            // The scan is slow after the kernel answered: events meanwhile must trigger another scan.
            CountDownLatch g = gate;
            if (g != null) {
                try {
                    g.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            DmException f = failNext;
            if (f != null) {
                failNext = null;
                throw f;
            }
            return snapshot;
        }

        @Override
        public void close() {
        }
    }

    private DmEventWatcher start(Context ctx, DmEventChannel channel) {
        return DmEventWatcher.start(ctx, channel, e -> {
            listenerThreads.add(Thread.currentThread());
            events.add(e);
        }, errors::add).toCompletionStage().toCompletableFuture().join();
    }

    @Test
    void aChannelThatCannotBeWatchedFailsTheStartInsteadOfRunningBlind() {
        FakeChannel ch = new FakeChannel();
        ch.put("a", 0);
        IllegalStateException refused = new IllegalStateException("epoll_ctl: Operation not permitted");
        ch.refuseWatch = refused;
        var started = DmEventWatcher.start(vertx.getOrCreateContext(), ch, events::add, errors::add)
                .toCompletionStage().toCompletableFuture();
        java.util.concurrent.ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class, () -> started.get(5, TimeUnit.SECONDS));
        assertEquals(refused, e.getCause());
        assertTrue(ch.watchClosed, "the dead watch is closed");
    }

    @Test
    void baselineIsSilentThenChangesAppearAndGoneAreReportedOnTheLoop() {
        FakeChannel ch = new FakeChannel();
        ch.put("a", 0);
        ch.put("b", 3);
        Context ctx = vertx.getOrCreateContext();
        DmEventWatcher w = start(ctx, ch);
        assertEquals(2, w.devices().size());
        assertEquals(List.of(), events);
        ch.put("a", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains(new MapEvent.Changed("a", "mpath-a", 1)));
        ch.drop("b");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains(new MapEvent.Gone("b", "mpath-b")));
        ch.put("c", 0);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains(new MapEvent.Appeared("c", "mpath-c", 0)));
        assertEquals(3, events.size(), events.toString());
        assertTrue(listenerThreads.stream().allMatch(t -> t.getName().startsWith("vert.x-eventloop")), listenerThreads.toString());
        assertEquals(List.of(), errors);
    }

    @Test
    void aBurstDuringAScanCoalescesIntoOneMoreScan() throws Exception {
        FakeChannel ch = new FakeChannel();
        ch.put("a", 0);
        ch.put("b", 0);
        DmEventWatcher w = start(vertx.getOrCreateContext(), ch);
        int listsBefore = ch.lists.get();
        CountDownLatch gate = new CountDownLatch(1);
        ch.gate = gate;
        ch.put("a", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> ch.lists.get() == listsBefore + 1); // scan 1 is running
        for (int i = 2; i <= 500; i++) ch.put(i % 2 == 0 ? "b" : "a", i);
        gate.countDown();
        ch.gate = null;
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains(new MapEvent.Changed("a", "mpath-a", 499))
                && events.contains(new MapEvent.Changed("b", "mpath-b", 500)));
        // 499 events during scan 1 made the channel ready once more: exactly one further scan.
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(3)).until(() -> ch.lists.get() == listsBefore + 2);
        assertEquals(ch.lists.get(), ch.arms.get(), "every scan arms before it lists");
        assertEquals(List.of(new MapEvent.Changed("a", "mpath-a", 1), new MapEvent.Changed("a", "mpath-a", 499),
                new MapEvent.Changed("b", "mpath-b", 500)), events.stream().sorted(java.util.Comparator.comparing(e -> ((MapEvent.Changed) e).eventNr())).toList());
        assertEquals(1 + 2, w.scans());
    }

    @Test
    void readinessWithoutAMapLevelChangeIsReportedAsUnattributed() {
        FakeChannel ch = new FakeChannel();
        ch.put("a", 4);
        AtomicInteger unattributed = new AtomicInteger();
        DmEventWatcher w = DmEventWatcher.start(vertx.getOrCreateContext(), ch, events::add, errors::add,
                unattributed::incrementAndGet).toCompletionStage().toCompletableFuture().join();
        ch.put("a", 4); // the global counter moves, the map's does not: what a table swap looks like
        await().atMost(Duration.ofSeconds(5)).until(() -> unattributed.get() == 1);
        assertEquals(List.of(), events);
        ch.put("a", 5);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 1);
        assertEquals(1, unattributed.get());
        assertEquals(1, w.unattributedScans());
    }

    @Test
    void aFailedScanIsReportedAndRetried() {
        FakeChannel ch = new FakeChannel();
        ch.put("a", 0);
        start(vertx.getOrCreateContext(), ch);
        ch.failNext = new DmException("DM_LIST_DEVICES", null, Errno.ENOMEM);
        ch.put("a", 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> errors.size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains(new MapEvent.Changed("a", "mpath-a", 1)));
    }

    @Test
    void diffKeysByNameAndTreatsANewDeviceNumberAsRecreated() {
        DmDevice a0 = new DmDevice("a", null, new DevT(253, 0), 0);
        DmDevice a0recreated = new DmDevice("a", null, new DevT(253, 5), 0);
        List<MapEvent> d = DmEventWatcher.diff(Map.of("a", a0), Map.of("a", a0recreated));
        assertEquals(List.of(new MapEvent.Gone("a", null), new MapEvent.Appeared("a", null, 0)), d);
        assertEquals(List.of(), DmEventWatcher.diff(Map.of("a", a0), Map.of("a", a0)));
    }

    @Test
    void worksAgainstTheSimulatedKernel() throws Exception {
        SimulatedKernel k = new SimulatedKernel(SanTopology.generated(1, 2));
        DmEventChannel ch = k.openEventChannel();
        AtomicInteger unattributed = new AtomicInteger();
        DmEventWatcher.start(vertx.getOrCreateContext(), ch, events::add, errors::add, unattributed::incrementAndGet)
                .toCompletionStage().toCompletableFuture().join();
        k.create("m", "mpath-m");
        await().atMost(Duration.ofSeconds(5)).until(() -> events.stream().anyMatch(e -> e instanceof MapEvent.Appeared a
                && a.name().equals("m")));
        k.loadTable("m", List.of(new DmTarget(0, 2097152, "multipath", "0 0 1 1 round-robin 0 2 1 8:0 1 8:16 1")));
        k.resume("m");
        // as on the real kernel: a table swap raises only the global counter
        await().atMost(Duration.ofSeconds(5)).until(() -> unattributed.get() >= 1);
        assertEquals(0, count(MapEvent.Changed.class));
        long changes = count(MapEvent.Changed.class);
        k.message("m", 0, "fail_path 8:0");
        await().atMost(Duration.ofSeconds(5)).until(() -> count(MapEvent.Changed.class) > changes);
        k.remove("m", false);
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains(new MapEvent.Gone("m", "mpath-m")));
        assertEquals(List.of(), errors);
        ch.close();
    }

    private long count(Class<?> type) {
        List<MapEvent> copy = new ArrayList<>(events);
        return Collections.unmodifiableList(copy).stream().filter(type::isInstance).count();
    }
}
