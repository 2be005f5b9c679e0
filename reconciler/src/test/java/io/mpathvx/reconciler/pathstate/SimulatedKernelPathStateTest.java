package io.mpathvx.reconciler.pathstate;

import io.mpathvx.core.config.Failback;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.MultipathMap;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathGroup;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.multipath.MultipathSyntaxException;
import io.mpathvx.core.sim.DiskState;
import io.mpathvx.core.sim.IoResult;
import io.mpathvx.core.sim.PathInfo;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.MapAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The path state machine driving the simulated kernel as the daemon will drive the real one: a checker that looks at
 * the simulated SCSI device state, actions sent as dm messages on a worker, the status read back after each batch.
 * Map: one LUN, 4 paths in 2 groups of 2, no_path_retry 2, failback immediate, polling interval 5 s.
 */
class SimulatedKernelPathStateTest {
    private static final String MAP = "mpatha";
    private static final Duration INTERVAL = Duration.ofSeconds(5);

    private final MutableClock clock = new MutableClock();
    private final PathStateMachine machine = new PathStateMachine(clock);
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final List<MapAction> sent = new ArrayList<>();
    private SimulatedKernel kernel;
    private List<PathInfo> paths;

    @BeforeEach
    void setUp() throws Exception {
        kernel = new SimulatedKernel(SanTopology.generated(1, 4));
        paths = kernel.paths();
        assertEquals(4, paths.size());
        long size = paths.get(0).sizeSectors();
        String params = "1 queue_if_no_path 0 2 1"
                + " round-robin 0 2 1 " + paths.get(0).devt() + " 1 " + paths.get(1).devt() + " 1"
                + " round-robin 0 2 1 " + paths.get(2).devt() + " 1 " + paths.get(3).devt() + " 1";
        Wwid wwid = Wwid.of(paths.get(0).wwid());
        kernel.create(MAP, wwid.mapUuid());
        kernel.loadTable(MAP, List.of(new DmTarget(0, size, "multipath", params)));
        kernel.resume(MAP);

        List<PathGroup> groups = List.of(group(0, 1), group(2, 3));
        MultipathMap map = new MultipathMap(MAP, null, wwid, size, List.of("queue_if_no_path"), List.of(), groups);
        apply(machine.configure(map, new MapPolicy(NoPathRetry.retries(2), Failback.IMMEDIATE, INTERVAL, true)));
        readBack();
        checkRound();
        assertEquals(List.of(), sent, "all paths up and active: nothing to do");
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        worker.shutdown();
        assertTrue(worker.awaitTermination(10, TimeUnit.SECONDS));
    }

    private PathGroup group(int... idx) {
        List<Path> ps = new ArrayList<>();
        for (int i : idx) {
            PathInfo p = paths.get(i);
            ps.add(new Path(p.name(), p.devt(), Wwid.of(p.wwid()), p.sizeSectors(), p.vendor(), p.product(),
                    p.revision(), p.address(), "", PathState.UNCHECKED));
        }
        return new PathGroup("round-robin 0", 1, ps);
    }

    /** A stand-in checker: UP while the simulated SCSI device is running, DOWN otherwise. */
    private CheckResult check(PathInfo p) {
        DiskState s = kernel.pathState(p.name()).orElseThrow();
        return new CheckResult(p.name(), p.devt(), s == DiskState.RUNNING ? PathState.UP : PathState.DOWN, "device is " + s.sysfs());
    }

    /** One polling interval's worth of checks, then the timers. */
    private void checkRound() throws Exception {
        for (PathInfo p : paths) {
            apply(machine.check(check(p)));
            readBack();
        }
        apply(machine.tick());
        readBack();
    }

    private void readBack() throws Exception {
        apply(machine.observe(MAP, status()));
    }

    private MultipathStatus status() throws DmException, MultipathSyntaxException {
        return MultipathStatus.parse(kernel.status(MAP).get(0).params());
    }

    private boolean active(int path) throws Exception {
        DevT devt = paths.get(path).devt();
        for (MultipathStatus.Group g : status().groups())
            for (MultipathStatus.PathStatus ps : g.paths()) if (ps.devt().equals(devt)) return ps.active();
        throw new AssertionError("path not in the status: " + devt);
    }

    private boolean queueIfNoPath() throws DmException {
        return (" " + kernel.table(MAP).get(0).params() + " ").contains(" queue_if_no_path ");
    }

    /** Sends the actions as dm messages on a worker thread, in order, as the action executor will. */
    private void apply(List<MapAction> actions) throws InterruptedException, ExecutionException {
        for (MapAction a : actions) {
            sent.add(a);
            String message = ((MapAction.Message) a).dmMessage(); // the state machine sends messages only
            DmControl dm = kernel;
            worker.submit(() -> dm.message(a.map(), 0, message)).get();
        }
    }

    private void nextInterval() throws Exception {
        clock.advance(INTERVAL);
        checkRound();
    }

    @Test
    void offlinePathFailedByIoStaysFailedAndIsReinstatedWhenItReturns() throws Exception {
        kernel.setPathState(paths.get(0).name(), DiskState.OFFLINE);
        assertEquals(IoResult.COMPLETED, kernel.io(MAP));
        assertFalse(active(0), "the kernel failed the offline path on I/O");
        readBack(); // the dm event
        assertEquals(PathState.DOWN, machine.view(MAP).orElseThrow().paths().get(0).state());
        nextInterval();
        assertEquals(List.of(), sent, "an already failed path is not failed again");
        assertFalse(active(0));

        kernel.setPathState(paths.get(0).name(), DiskState.RUNNING);
        nextInterval();
        assertEquals(List.of(new MapAction.ReinstatePath(MAP, paths.get(0).devt())), sent);
        assertTrue(active(0));
    }

    @Test
    void offlinePathIsFailedByItsCheckerThenReinstated() throws Exception {
        kernel.setPathState(paths.get(1).name(), DiskState.OFFLINE);
        nextInterval();
        assertEquals(List.of(new MapAction.FailPath(MAP, paths.get(1).devt())), sent);
        assertFalse(active(1));
        assertTrue(status().format().contains(paths.get(1).devt() + " F "), status().format());

        kernel.setPathState(paths.get(1).name(), DiskState.RUNNING);
        nextInterval();
        assertTrue(active(1));
        assertEquals(new MapAction.ReinstatePath(MAP, paths.get(1).devt()), sent.get(sent.size() - 1));
    }

    @Test
    void groupFailsOverAndFailsBackImmediately() throws Exception {
        kernel.setPathState(paths.get(0).name(), DiskState.OFFLINE);
        kernel.setPathState(paths.get(1).name(), DiskState.OFFLINE);
        assertEquals(IoResult.COMPLETED, kernel.io(MAP));
        readBack();
        assertEquals(2, status().nextGroup(), "the kernel failed over to group 2");
        nextInterval();
        assertEquals(List.of(), sent);

        kernel.setPathState(paths.get(1).name(), DiskState.RUNNING);
        nextInterval();
        assertEquals(List.of(new MapAction.ReinstatePath(MAP, paths.get(1).devt()), new MapAction.SwitchGroup(MAP, 1)), sent);
        assertEquals(1, status().nextGroup());
        assertEquals(IoResult.COMPLETED, kernel.io(MAP));
        assertEquals(1, status().nextGroup());
    }

    @Test
    void noPathRetryTwoStopsQueueingAfterTwoIntervalsAndAReturningPathRestoresIt() throws Exception {
        for (PathInfo p : paths) kernel.setPathState(p.name(), DiskState.OFFLINE);
        nextInterval();
        assertEquals(4, sent.stream().filter(a -> a instanceof MapAction.FailPath).count());
        for (int i = 0; i < 4; i++) assertFalse(active(i));
        assertEquals(MapView.Recovery.RECOVERING, machine.view(MAP).orElseThrow().recovery());
        assertTrue(queueIfNoPath());
        assertEquals(IoResult.QUEUED, kernel.io(MAP), "I/O queues while retrying");

        sent.clear();
        nextInterval();
        assertEquals(List.of(), sent, "one interval: still queueing");
        assertTrue(queueIfNoPath());
        nextInterval();
        assertEquals(List.of(new MapAction.FailIfNoPath(MAP)), sent, "two intervals: queueing off");
        assertFalse(queueIfNoPath());
        assertEquals(IoResult.FAILED, kernel.io(MAP), "I/O fails instead of hanging");

        sent.clear();
        kernel.setPathState(paths.get(2).name(), DiskState.RUNNING);
        nextInterval();
        // With no path the kernel reports group 1 as next; group 2 is now the best one, so immediate failback
        // points the kernel at it (as multipathd's need_switch_pathgroup does).
        assertEquals(List.of(new MapAction.ReinstatePath(MAP, paths.get(2).devt()), new MapAction.QueueIfNoPath(MAP),
                new MapAction.SwitchGroup(MAP, 2)), sent);
        assertTrue(queueIfNoPath());
        assertEquals(2, status().nextGroup());
        assertTrue(active(2));
        assertEquals(IoResult.COMPLETED, kernel.io(MAP));
    }
}
