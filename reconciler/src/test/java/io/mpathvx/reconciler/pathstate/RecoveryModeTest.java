package io.mpathvx.reconciler.pathstate;

import io.mpathvx.core.config.Failback;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.model.MultipathMap;
import io.mpathvx.reconciler.MapAction.FailIfNoPath;
import io.mpathvx.reconciler.MapAction.FailPath;
import io.mpathvx.reconciler.MapAction.QueueIfNoPath;
import io.mpathvx.reconciler.MapAction.ReinstatePath;
import io.mpathvx.reconciler.MapAction;
import io.mpathvx.reconciler.pathstate.MapView.Recovery;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.mpathvx.core.model.PathState.DOWN;
import static io.mpathvx.core.model.PathState.GHOST;
import static io.mpathvx.core.model.PathState.UP;
import static io.mpathvx.reconciler.pathstate.Fixture.MAP;
import static io.mpathvx.reconciler.pathstate.Fixture.devt;
import static io.mpathvx.reconciler.pathstate.Fixture.status;
import static io.mpathvx.reconciler.pathstate.Fixture.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** no_path_retry: recovery mode, queue, fail; counted with the injected clock (polling interval 5 s). */
class RecoveryModeTest {
    private final MutableClock clock = new MutableClock();
    private final PathStateMachine machine = new PathStateMachine(clock);
    private final MultipathMap map = Fixture.map(2);

    private void start(MapPolicy policy) {
        machine.configure(map, policy);
        machine.observe(MAP, status(map, 1));
        machine.check(verdict(0, UP));
        machine.check(verdict(1, UP));
    }

    private MapView view() {
        return machine.view(MAP).orElseThrow();
    }

    @Test
    void retriesRunOutAfterNIntervalsThenAReturningPathRestoresQueueing() {
        start(Fixture.policy(NoPathRetry.retries(2), Failback.MANUAL));
        assertEquals(List.of(new FailPath(MAP, devt(0))), machine.check(verdict(0, DOWN)));
        assertEquals(Recovery.NORMAL, view().recovery());
        var lastFails = clock.instant();
        assertEquals(List.of(new FailPath(MAP, devt(1))), machine.check(verdict(1, DOWN)));
        assertEquals(Recovery.RECOVERING, view().recovery());
        assertEquals(lastFails, view().recoverySince());
        assertEquals(2, view().recoveryIntervalsLeft());
        assertEquals(Optional.of(lastFails.plusSeconds(10)), machine.nextDeadline());

        clock.advanceSeconds(5);
        assertEquals(List.of(), machine.tick());
        assertEquals(1, view().recoveryIntervalsLeft());
        assertEquals(List.of(), machine.check(verdict(0, DOWN)));
        clock.advance(Duration.ofMillis(4999));
        assertEquals(List.of(), machine.tick());
        assertEquals(1, view().recoveryIntervalsLeft());
        clock.advance(Duration.ofMillis(1));
        assertEquals(List.of(new FailIfNoPath(MAP)), machine.tick());
        assertEquals(Recovery.QUEUEING_DISABLED, view().recovery());
        assertEquals(Optional.empty(), machine.nextDeadline());
        clock.advanceSeconds(60);
        assertEquals(List.of(), machine.tick());

        assertEquals(List.of(new ReinstatePath(MAP, devt(1)), new QueueIfNoPath(MAP)), machine.check(verdict(1, UP)));
        assertEquals(Recovery.NORMAL, view().recovery());
        assertNull(view().recoverySince());
    }

    @Test
    void aPathBackBeforeTheRetriesRunOutLeavesRecovery() {
        start(Fixture.policy(NoPathRetry.retries(3), Failback.MANUAL));
        machine.check(verdict(0, DOWN));
        machine.check(verdict(1, DOWN));
        clock.advanceSeconds(14);
        assertEquals(List.of(), machine.tick());
        assertEquals(List.of(new ReinstatePath(MAP, devt(0)), new QueueIfNoPath(MAP)), machine.check(verdict(0, UP)));
        clock.advanceSeconds(100);
        assertEquals(List.of(), machine.tick());
        assertEquals(Recovery.NORMAL, view().recovery());
    }

    @Test
    void ghostPathsKeepTheMapOutOfRecovery() {
        start(Fixture.policy(NoPathRetry.retries(1), Failback.MANUAL));
        machine.check(verdict(0, GHOST));
        machine.check(verdict(1, DOWN));
        assertEquals(Recovery.NORMAL, view().recovery());
        assertEquals(1, view().usablePaths());
    }

    @Test
    void expiryIsHonouredByTheNextInputEvenWithoutATick() {
        start(Fixture.policy(NoPathRetry.retries(1), Failback.MANUAL));
        machine.check(verdict(0, DOWN));
        machine.check(verdict(1, DOWN));
        clock.advanceSeconds(7);
        // The due fail_if_no_path comes first, then what the verdict itself causes.
        assertEquals(List.of(new FailIfNoPath(MAP), new ReinstatePath(MAP, devt(0)), new QueueIfNoPath(MAP)),
                machine.check(verdict(0, UP)));
    }

    @Test
    void queueModeQueuesForever() {
        start(Fixture.policy(NoPathRetry.QUEUE, Failback.MANUAL));
        machine.check(verdict(0, DOWN));
        machine.check(verdict(1, DOWN));
        assertEquals(Recovery.NORMAL, view().recovery());
        assertEquals(Optional.empty(), machine.nextDeadline());
        List<MapAction> all = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            clock.advanceSeconds(5);
            all.addAll(machine.tick());
            all.addAll(machine.check(verdict(i % 2, DOWN)));
        }
        assertEquals(List.of(), all);
        assertEquals(List.of(new ReinstatePath(MAP, devt(0))), machine.check(verdict(0, UP)));
    }

    @Test
    void failModeSendsNoQueueingMessages() {
        start(new MapPolicy(NoPathRetry.FAIL, Failback.MANUAL, Duration.ofSeconds(5), false));
        machine.check(verdict(0, DOWN));
        assertEquals(List.of(new FailPath(MAP, devt(1))), machine.check(verdict(1, DOWN)));
        clock.advanceSeconds(60);
        assertEquals(List.of(), machine.tick());
        assertEquals(List.of(new ReinstatePath(MAP, devt(0))), machine.check(verdict(0, UP)));
    }

    @Test
    void retriesWithoutQueueingWantedDoNothing() {
        start(new MapPolicy(NoPathRetry.retries(2), Failback.MANUAL, Duration.ofSeconds(5), false));
        machine.check(verdict(0, DOWN));
        machine.check(verdict(1, DOWN));
        assertEquals(Recovery.NORMAL, view().recovery());
        clock.advanceSeconds(60);
        assertEquals(List.of(), machine.tick());
        assertEquals(List.of(new ReinstatePath(MAP, devt(0))), machine.check(verdict(0, UP)));
    }

    @Test
    void countingWaitsUntilEveryPathHasAVerdict() {
        machine.configure(map, Fixture.policy(NoPathRetry.retries(1), Failback.MANUAL));
        machine.check(verdict(0, DOWN));
        assertEquals(Recovery.NORMAL, view().recovery());
        clock.advanceSeconds(3);
        machine.check(verdict(1, DOWN));
        assertEquals(Recovery.RECOVERING, view().recovery());
        assertEquals(clock.instant(), view().recoverySince());
    }

    @Test
    void theKernelFailingTheLastPathStartsRecovery() {
        start(Fixture.policy(NoPathRetry.retries(2), Failback.MANUAL));
        // I/O errors failed both paths before any checker noticed.
        assertEquals(List.of(), machine.observe(MAP, status(map, 1, 0, 1)));
        assertEquals(Recovery.RECOVERING, view().recovery());
        clock.advanceSeconds(10);
        assertEquals(List.of(new FailIfNoPath(MAP)), machine.tick());
        // The checker finds sda fine: it is reinstated and queueing comes back.
        assertEquals(List.of(new ReinstatePath(MAP, devt(0)), new QueueIfNoPath(MAP)), machine.check(verdict(0, UP)));
    }

    @Test
    void changingNoPathRetryWhileRecovering() {
        start(Fixture.policy(NoPathRetry.retries(2), Failback.MANUAL));
        machine.check(verdict(0, DOWN));
        machine.check(verdict(1, DOWN));
        var since = view().recoverySince();
        clock.advanceSeconds(5);
        // More retries: the deadline moves, counted from when recovery started.
        assertEquals(List.of(), machine.configure(map, Fixture.policy(NoPathRetry.retries(4), Failback.MANUAL)));
        assertEquals(Optional.of(since.plusSeconds(20)), machine.nextDeadline());
        assertEquals(3, view().recoveryIntervalsLeft());
        // Switching to fail stops the queueing at once.
        assertEquals(List.of(new FailIfNoPath(MAP)),
                machine.configure(map, new MapPolicy(NoPathRetry.FAIL, Failback.MANUAL, Duration.ofSeconds(5), false)));
        assertEquals(Recovery.NORMAL, view().recovery());
    }

    @Test
    void aReloadAfterTheRetriesRanOutTurnsQueueingOffAgain() {
        start(Fixture.policy(NoPathRetry.retries(1), Failback.MANUAL));
        machine.check(verdict(0, DOWN));
        machine.check(verdict(1, DOWN));
        clock.advanceSeconds(5);
        assertEquals(List.of(new FailIfNoPath(MAP)), machine.tick());
        // The reloaded table has queue_if_no_path again.
        assertEquals(List.of(new FailIfNoPath(MAP)), machine.configure(map, Fixture.policy(NoPathRetry.retries(1), Failback.MANUAL)));
        assertEquals(Recovery.QUEUEING_DISABLED, view().recovery());
        assertEquals(List.of(new ReinstatePath(MAP, devt(0)), new QueueIfNoPath(MAP)), machine.check(verdict(0, UP)));
    }

    @Test
    void switchingToQueueAfterTheRetriesRanOutRestoresQueueing() {
        start(Fixture.policy(NoPathRetry.retries(1), Failback.MANUAL));
        machine.check(verdict(0, DOWN));
        machine.check(verdict(1, DOWN));
        clock.advanceSeconds(5);
        assertEquals(List.of(new FailIfNoPath(MAP)), machine.tick());
        assertEquals(List.of(new QueueIfNoPath(MAP)),
                machine.configure(map, Fixture.policy(NoPathRetry.QUEUE, Failback.MANUAL)));
        assertTrue(machine.nextDeadline().isEmpty());
    }

    @Test
    void aReconfiguredModeAppliesAtOnce() {
        PathStateMachine m = new PathStateMachine(new MutableClock());
        io.mpathvx.core.model.MultipathMap map = Fixture.map(1, 2);
        m.configure(map, Fixture.policy(io.mpathvx.core.config.NoPathRetry.QUEUE, io.mpathvx.core.config.Failback.IMMEDIATE));
        m.observe(MAP, status(map, 1));
        assertEquals(java.util.List.of(new io.mpathvx.reconciler.MapAction.FailIfNoPath(MAP)), m.configure(map,
                Fixture.policy(io.mpathvx.core.config.NoPathRetry.FAIL, io.mpathvx.core.config.Failback.IMMEDIATE)));
        assertEquals(java.util.List.of(new io.mpathvx.reconciler.MapAction.QueueIfNoPath(MAP)), m.configure(map,
                Fixture.policy(io.mpathvx.core.config.NoPathRetry.QUEUE, io.mpathvx.core.config.Failback.IMMEDIATE)));
        assertEquals(java.util.List.of(), m.configure(map,
                Fixture.policy(io.mpathvx.core.config.NoPathRetry.QUEUE, io.mpathvx.core.config.Failback.IMMEDIATE)),
                "the same mode again: nothing");
    }
}
