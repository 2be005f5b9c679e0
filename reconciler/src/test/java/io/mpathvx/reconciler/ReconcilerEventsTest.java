package io.mpathvx.reconciler;

import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.core.sim.DmCall;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.core.sim.Stall;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.mpathvx.reconciler.exec.ActionExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.mpathvx.reconciler.ReconcilerSimTest.done;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** Events while actions run, dm events from outside, resync, and a hung map not stalling the others. */
class ReconcilerEventsTest {
    private Vertx vertx;
    private Context loop;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        loop = vertx.getOrCreateContext();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private Reconciler reconciler(SimulatedKernel sim, int threads) {
        return new Reconciler(vertx, loop, sim, ActionExecutor.workerPool(vertx, "events-test", threads),
                ReconcilerSettings.fixed(MapPolicy.defaults().withGrouping(PathGroupingPolicy.MULTIBUS), FindMultipaths.OFF),
                PathProber.constant(), ReconcilerOptions.inMemory().withRetry(Duration.ofMillis(20), Duration.ofMillis(100)));
    }

    private static List<io.mpathvx.core.model.DevT> devices(SimulatedKernel sim, String map) throws Exception {
        return MultipathTable.parse(sim.snapshot(map).orElseThrow().tableParams()).devices();
    }

    @Test
    void adoptedMapsWaitForTheFirstProbesInsteadOfLookingPathless() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(2, 2));
        List<Path> paths = SimPaths.of(sim);
        done(reconciler(sim, 4).start(paths));
        sim.calls().reset();
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean probing = new java.util.concurrent.atomic.AtomicBoolean();
        PathProber slow = (path, policy) -> { // blocking(): runs on a worker, like the sysfs prober
            probing.set(true);
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return io.mpathvx.reconciler.desired.PathInfo.of(path, io.mpathvx.reconciler.desired.Priorities.constant());
        };
        Reconciler r = new Reconciler(vertx, loop, sim, ActionExecutor.workerPool(vertx, "slow-probe", 2),
                ReconcilerSettings.fixed(MapPolicy.defaults().withGrouping(PathGroupingPolicy.MULTIBUS), FindMultipaths.OFF),
                slow, ReconcilerOptions.inMemory());
        var started = r.start(paths);
        await().atMost(Duration.ofSeconds(10)).until(probing::get);
        // Anything the start queued on the loop before the probe finished has run once this round trip returns.
        io.vertx.core.Promise<Void> turn = io.vertx.core.Promise.promise();
        loop.runOnContext(v -> turn.complete());
        turn.future().await(10, TimeUnit.SECONDS);
        assertEquals(0, sim.calls().count(DmCall.REMOVE), "adopted maps were removed while their paths were probed");
        release.countDown();
        done(started);
        assertEquals(0, sim.calls().count(DmCall.REMOVE));
        assertEquals(0, sim.calls().count(DmCall.CREATE));
        assertEquals(0, sim.calls().count(DmCall.TABLE_LOAD));
    }

    @Test
    void mapThatGetsDirtyWhileItsActionsRunIsReconciledAgainAfter() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        List<Path> paths = SimPaths.of(sim);
        Reconciler r = reconciler(sim, 4);
        done(r.start(List.of()));
        Stall stall = sim.faults().hangNext(DmCall.TABLE_LOAD);
        r.onPaths(paths, List.of());
        await().atMost(Duration.ofSeconds(10)).until(stall::isBlocked);
        r.onPaths(List.of(), List.of(paths.get(1).name())); // arrives while the create is held in the kernel
        await().atMost(Duration.ofSeconds(10)).until(() -> r.snapshot().maps().values().stream().anyMatch(MapView::busy));
        stall.release();
        done(r.idle());
        String map = paths.get(0).wwid().value();
        assertEquals(List.of(paths.get(0).devt()), devices(sim, map));
        assertEquals(2, sim.calls().count(DmCall.TABLE_LOAD), "create, then one reload for the event that came during it");
    }

    @Test
    void eventReadThatStartedBeforeAReloadAndEndsAfterItIsIgnored() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        List<Path> paths = SimPaths.of(sim);
        Reconciler r = reconciler(sim, 4);
        done(r.start(paths));
        String map = paths.get(0).wwid().value();
        sim.calls().reset();
        Stall reload = sim.faults().hangNext(DmCall.TABLE_LOAD);
        r.onPaths(List.of(), List.of(paths.get(1).name()));
        await().atMost(Duration.ofSeconds(10)).until(reload::isBlocked);
        Stall eventRead = sim.faults().hangNext(DmCall.STATUS);
        r.onMapEvent(map); // reads INFO and the old two-path TABLE, then is held at STATUS
        await().atMost(Duration.ofSeconds(10)).until(eventRead::isBlocked);
        reload.release();
        await().atMost(Duration.ofSeconds(10)).until(() -> r.snapshot().maps().values().stream().noneMatch(MapView::busy)
                && devices(sim, map).size() == 1);
        eventRead.release(); // delivers the stale two-path table after the reload's own read-back
        done(r.idle());
        assertEquals(1, sim.calls().count(DmCall.TABLE_LOAD), "the stale read must not trigger another reload");
        assertEquals(1, devices(sim, map).size());
        assertEquals(1, r.snapshot().maps().values().iterator().next().observed().devices().size());
    }

    @Test
    void aHungMapDoesNotStallTheOthers() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(5, 1));
        Reconciler r = reconciler(sim, 2);
        done(r.start(List.of()));
        Stall stall = sim.faults().hangNext(DmCall.TABLE_LOAD);
        r.onPaths(SimPaths.of(sim), List.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> sim.calls().count(DmCall.RESUME) == 4);
        assertTrue(stall.isBlocked());
        assertEquals(1, r.snapshot().maps().values().stream().filter(MapView::busy).count());
        stall.release();
        done(r.idle());
        assertEquals(5, sim.calls().count(DmCall.RESUME));
    }

    @Test
    void mapChangedBehindOurBackIsPutBackAfterItsEvent() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        List<Path> paths = SimPaths.of(sim);
        Reconciler r = reconciler(sim, 2);
        done(r.start(paths));
        String map = paths.get(0).wwid().value();
        long size = sim.snapshot(map).orElseThrow().table().get(0).length();
        // someone (an admin with dmsetup) loads a one-path table
        sim.loadTable(map, List.of(new DmTarget(0, size, "multipath", "0 0 1 1 round-robin 0 1 1 " + paths.get(0).devt() + " 1")));
        sim.resume(map);
        sim.calls().reset();
        r.onMapEvent(map);
        done(r.idle());
        assertEquals(1, sim.calls().count(DmCall.TABLE_LOAD));
        assertEquals(2, devices(sim, map).size());
        // an event for our own unchanged map costs reads, never a load
        sim.calls().reset();
        r.onMapEvent(map);
        r.onMapEvent("not-a-map");
        done(r.idle());
        assertEquals(0, sim.calls().count(DmCall.TABLE_LOAD));
    }

    @Test
    void mapRemovedBehindOurBackIsCreatedAgain() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        List<Path> paths = SimPaths.of(sim);
        Reconciler r = reconciler(sim, 2);
        done(r.start(paths));
        String map = paths.get(0).wwid().value();
        sim.remove(map, false);
        r.onMapEvent(map);
        done(r.idle());
        assertTrue(sim.snapshot(map).isPresent());
        assertEquals(2, sim.calls().count(DmCall.CREATE));
    }

    @Test
    void resyncConvergesToTheFullSnapshot() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(3, 2));
        List<Path> paths = SimPaths.of(sim);
        Reconciler r = reconciler(sim, 2);
        done(r.start(paths));
        // lost events: LUN 2's paths vanished, we only learn it through a full rescan
        String gone = paths.stream().filter(p -> p.wwid().value().endsWith("2")).findFirst().orElseThrow().wwid().value();
        List<Path> remaining = paths.stream().filter(p -> !p.wwid().value().equals(gone)).toList();
        sim.calls().reset();
        done(r.resync(remaining));
        assertTrue(sim.snapshot(gone).isEmpty());
        assertEquals(1, sim.calls().count(DmCall.REMOVE));
        assertEquals(0, sim.calls().count(DmCall.TABLE_LOAD));
        assertEquals(2, r.snapshot().maps().size());
    }
}
