package io.mpathvx.reconciler;

import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.sim.DmCall;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.core.sim.Stall;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.mpathvx.reconciler.exec.ActionExecutor;
import io.mpathvx.reconciler.exec.MapOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.mpathvx.reconciler.ReconcilerSimTest.done;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operator actions: after what the map has in flight, never beside it; their outcome; flush and restore. */
class ReconcilerOperatorTest {
    private final Vertx vertx = Vertx.vertx();
    private final SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(2, 2));
    private final Reconciler r = new Reconciler(vertx, vertx.getOrCreateContext(), sim,
            ActionExecutor.workerPool(vertx, "operator-test", 4),
            ReconcilerSettings.fixed(MapPolicy.defaults().withGrouping(PathGroupingPolicy.MULTIBUS), FindMultipaths.OFF),
            PathProber.constant(), ReconcilerOptions.inMemory().withRetry(Duration.ofMillis(20), Duration.ofMillis(100)));

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void anActionWaitsForTheReloadInFlightAndAnswersWithTheKernelsStateAfter() throws Exception {
        List<Path> paths = SimPaths.of(sim);
        done(r.start(paths));
        Path victim = paths.get(0);
        String map = victim.wwid().value();
        Stall reload = sim.faults().hangNext(DmCall.TABLE_LOAD);
        // the victim's sibling goes: a reload of the victim's map, held in the kernel (paths.get(1) is on another LUN,
        // and a message to the victim's map could then pass before the assertion)
        Path sibling = paths.stream().filter(p -> p != victim && p.wwid().equals(victim.wwid())).findFirst().orElseThrow();
        r.onPaths(List.of(), List.of(sibling.name()));
        await().atMost(Duration.ofSeconds(10)).until(reload::isBlocked);
        Future<MapOutcome> fail = r.applyAndWait(List.of(new MapAction.FailPath(map, victim.devt())));
        assertEquals(0, sim.calls().count(DmCall.MESSAGE), "no message while the reload runs");
        assertFalse(fail.isComplete());
        reload.release();
        MapOutcome out = done(fail);
        assertTrue(out.ok());
        MultipathStatus st = out.after().status();
        assertFalse(st.groups().get(0).paths().get(0).active(), "the outcome is the kernel's status after the message");
        assertEquals(1, sim.calls().count(DmCall.MESSAGE));
    }

    @Test
    void anUnknownMapFailsAtOnce() throws Exception {
        done(r.start(SimPaths.of(sim)));
        var e = assertThrows(ExecutionException.class, () -> done(r.applyAndWait(List.of(new MapAction.SwitchGroup("nope", 1)))));
        assertInstanceOf(NoSuchElementException.class, e.getCause());
    }

    @Test
    void aFlushedMapStaysGoneUntilRestoredAndAnOpenOneIsNotFlushed() throws Exception {
        List<Path> paths = SimPaths.of(sim);
        done(r.start(paths));
        String open = paths.get(0).wwid().value();
        String other = paths.stream().map(p -> p.wwid().value()).filter(w -> !w.equals(open)).findFirst().orElseThrow();
        sim.openDevice(open);
        assertFalse(done(r.flush(open)).ok(), "EBUSY");
        assertTrue(sim.snapshot(open).isPresent());
        done(r.idle());
        assertTrue(sim.snapshot(open).isPresent(), "a refused flush holds nothing back");

        assertTrue(done(r.flush(other)).ok());
        r.onPaths(paths, List.of()); // path events for its paths
        done(r.idle());
        assertTrue(sim.snapshot(other).isEmpty(), "not created again");
        done(r.restore(other));
        assertTrue(sim.snapshot(other).isPresent(), "created again once restored");
    }
}
