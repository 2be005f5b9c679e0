package io.mpathvx.reconciler;

import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.sim.DmCall;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.PathInfo;
import io.mpathvx.reconciler.desired.Priorities;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.mpathvx.reconciler.exec.ActionExecutor;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The passes driven by hand, without Vert.x: the loop's next turns, the workers and the retry timer are queues. */
class PassesTest {
    private final ManualExecutor nextTurn = new ManualExecutor();
    private final ManualExecutor workers = new ManualExecutor();
    private final List<Runnable> retries = new ArrayList<>();
    private final WorkQueue work = new WorkQueue();
    private final PathIndex paths = new PathIndex(work::markDirty);
    private final ObservedMaps observed = new ObservedMaps();
    private final Backoff backoff = new Backoff(Duration.ofMillis(10), Duration.ofMillis(100), (ms, task) -> retries.add(task));

    private Passes passes(SimulatedKernel sim) {
        EngineThreads threads = new EngineThreads(Runnable::run, workers);
        Passes p = new Passes(new Passes.Parts(work, paths, observed, backoff, new WwidsWriter(null, threads, () -> { }),
                new BindingsWriter(null, "bindings", threads, () -> { }), new OperatorRequests(), new ReleasedLuns(null, workers), new MapViews()),
                threads, nextTurn, new ActionExecutor(sim, workers),
                () -> ReconcilerSettings.fixed(MapPolicy.defaults().withGrouping(PathGroupingPolicy.MULTIBUS), FindMultipaths.OFF),
                false, () -> { });
        p.enable();
        return p;
    }

    private void addPaths(SimulatedKernel sim) {
        for (Path p : SimPaths.of(sim)) paths.put(PathInfo.of(p, Priorities.constant()));
    }

    private void runEverything() {
        while (nextTurn.pending() > 0 || workers.pending() > 0) {
            nextTurn.runAll();
            workers.runAll();
        }
    }

    @Test
    void aPassPlansEachDirtyWwidOnceAndTakesTheReadBack() {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(3, 2));
        Passes passes = passes(sim);
        addPaths(sim); // each path marks its WWID dirty: 6 marks, 3 WWIDs
        passes.schedule();
        assertTrue(passes.busy());
        runEverything();
        assertFalse(passes.busy());
        assertEquals(3, sim.calls().count(DmCall.CREATE));
        assertTrue(work.quiet());
        for (Path p : SimPaths.of(sim)) {
            assertNotNull(observed.get(p.wwid()), "read back after the create");
            assertFalse(work.get(p.wwid()).inFlight);
        }
    }

    @Test
    void noMoreThanTheInFlightLimitRunAtOnce() {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(Passes.MAX_IN_FLIGHT + 10, 1));
        Passes passes = passes(sim);
        addPaths(sim);
        passes.schedule();
        while (nextTurn.pending() > 0) nextTurn.runAll(); // passes only: no run ends
        assertEquals(Passes.MAX_IN_FLIGHT, work.inFlight());
        assertTrue(work.hasDirty(), "the rest waits for finishes");
        runEverything();
        assertEquals(Passes.MAX_IN_FLIGHT + 10, sim.calls().count(DmCall.CREATE));
    }

    @Test
    void aFailedRunIsRetriedAfterTheBackoffAndThenConverges() {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        Passes passes = passes(sim);
        addPaths(sim);
        sim.faults().failNext(DmCall.TABLE_LOAD, Errno.EINVAL);
        passes.schedule();
        runEverything();
        Wwid w = SimPaths.of(sim).get(0).wwid();
        assertEquals(1, work.get(w).attempts);
        assertEquals(1, backoff.failing());
        assertEquals(1, retries.size(), "a timer, not a busy loop");
        retries.get(0).run();
        runEverything();
        assertEquals(0, work.get(w).attempts);
        assertEquals(0, backoff.failing());
        assertNotNull(observed.get(w).table());
    }
}
