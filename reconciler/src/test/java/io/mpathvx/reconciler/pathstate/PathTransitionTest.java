package io.mpathvx.reconciler.pathstate;

import io.mpathvx.core.config.Failback;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.MultipathMap;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.multipath.MultipathStatus.GroupState;
import io.mpathvx.reconciler.MapAction.EnableGroup;
import io.mpathvx.reconciler.MapAction.FailPath;
import io.mpathvx.reconciler.MapAction.ReinstatePath;
import io.mpathvx.reconciler.MapAction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.mpathvx.core.model.PathState.DOWN;
import static io.mpathvx.core.model.PathState.GHOST;
import static io.mpathvx.core.model.PathState.PENDING;
import static io.mpathvx.core.model.PathState.UP;
import static io.mpathvx.reconciler.pathstate.Fixture.MAP;
import static io.mpathvx.reconciler.pathstate.Fixture.devt;
import static io.mpathvx.reconciler.pathstate.Fixture.status;
import static io.mpathvx.reconciler.pathstate.Fixture.verdict;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fail and reinstate decisions for single paths, with and without the kernel's view. */
class PathTransitionTest {
    private final MutableClock clock = new MutableClock();
    private final PathStateMachine machine = new PathStateMachine(clock);
    private final MultipathMap map = Fixture.map(2, 2);

    @BeforeEach
    void setUp() {
        assertEquals(List.of(), machine.configure(map, Fixture.policy(NoPathRetry.QUEUE, Failback.MANUAL)));
        assertEquals(List.of(), machine.observe(MAP, status(map, 1)));
        for (int i = 0; i < 4; i++) assertEquals(List.of(), machine.check(verdict(i, UP)), "path " + i);
    }

    private PathView path(int i) {
        return machine.view(MAP).orElseThrow().paths().get(i);
    }

    @Test
    void goodToBadFailsThePathOnce() {
        clock.advanceSeconds(3);
        assertEquals(List.of(new FailPath(MAP, devt(1))), machine.check(verdict(1, DOWN)));
        assertEquals(DOWN, path(1).state());
        assertEquals(clock.instant(), path(1).since());
        assertEquals(PathView.Kernel.FAILED, path(1).kernel());
        // Still down at the next checks: nothing more to do, even before the status is read back.
        assertEquals(List.of(), machine.check(verdict(1, DOWN)));
        assertEquals(List.of(), machine.observe(MAP, status(map, 1, 1)));
        assertEquals(List.of(), machine.check(verdict(1, DOWN)));
    }

    @Test
    void pathTheKernelAlreadyFailedIsNotFailedAgain() {
        // The kernel failed sdb on an I/O error; the dm event makes us read the status.
        assertEquals(List.of(), machine.observe(MAP, status(map, 1, 1)));
        assertEquals(DOWN, path(1).state());
        assertEquals("failed by the kernel", path(1).message());
        assertEquals(List.of(), machine.check(verdict(1, DOWN)));
    }

    @Test
    void badToGoodReinstatesThePath() {
        machine.check(verdict(2, DOWN));
        machine.observe(MAP, status(map, 1, 2));
        clock.advanceSeconds(5);
        assertEquals(List.of(new ReinstatePath(MAP, devt(2))), machine.check(verdict(2, UP)));
        assertEquals(UP, path(2).state());
        assertEquals(PathView.Kernel.ACTIVE, path(2).kernel());
        assertEquals(List.of(), machine.check(verdict(2, UP)));
    }

    @Test
    void upWhileTheKernelHasItFailedIsReinstated() {
        machine.observe(MAP, status(map, 1, 0));
        assertEquals(List.of(new ReinstatePath(MAP, devt(0))), machine.check(verdict(0, UP)));
        assertEquals(List.of(), machine.check(verdict(0, UP)));
    }

    @Test
    void pendingKeepsThePreviousState() {
        clock.advanceSeconds(1);
        assertEquals(List.of(), machine.check(verdict(0, PENDING)));
        assertEquals(UP, path(0).state());
        machine.check(verdict(3, DOWN));
        var since = path(3).since();
        clock.advanceSeconds(1);
        assertEquals(List.of(), machine.check(verdict(3, PENDING)));
        assertEquals(DOWN, path(3).state());
        assertEquals(since, path(3).since());
        // PENDING from a never-checked path keeps it unchecked too.
        machine.configure(Fixture.map(2, 2, 1), Fixture.policy(NoPathRetry.QUEUE, Failback.MANUAL));
        assertEquals(List.of(), machine.check(verdict(4, PENDING)));
        assertEquals(PathState.UNCHECKED, path(4).state());
    }

    @Test
    void timeoutAndRemovedCountAsDown() {
        assertEquals(List.of(new FailPath(MAP, devt(0))), machine.check(verdict(0, PathState.TIMEOUT)));
        assertEquals(DOWN, path(0).state());
        assertEquals(PathState.TIMEOUT.name(), path(0).message().substring("test says ".length()));
        assertEquals(List.of(new FailPath(MAP, devt(1))), machine.check(verdict(1, PathState.REMOVED)));
        assertEquals(DOWN, path(1).state());
    }

    @Test
    void shakyFailsAndDelayedDoesNothingToTheKernel() {
        assertEquals(List.of(new FailPath(MAP, devt(0))), machine.check(verdict(0, PathState.SHAKY)));
        assertEquals(List.of(), machine.check(verdict(1, PathState.DELAYED)));
        assertEquals(PathState.DELAYED, path(1).state());
        assertEquals(PathView.Kernel.ACTIVE, path(1).kernel());
    }

    @Test
    void ghostIsUsableButDoesNotEnableItsGroup() {
        machine.check(verdict(2, DOWN));
        machine.check(verdict(3, DOWN));
        machine.observe(MAP, status(map, 1, List.of(2, 3), Map.of(2, GroupState.DISABLED)));
        assertEquals(List.of(new ReinstatePath(MAP, devt(2))), machine.check(verdict(2, GHOST)));
        assertEquals(GHOST, path(2).state());
        assertTrue(path(2).state().usable());
        // UP in a disabled group re-enables the group, once.
        assertEquals(List.of(new ReinstatePath(MAP, devt(3)), new EnableGroup(MAP, 2)), machine.check(verdict(3, UP)));
        assertEquals(List.of(), machine.check(verdict(3, UP)));
    }

    @Test
    void disabledGroupIsEnabledWhenItsPathComesUp() {
        machine.check(verdict(0, DOWN));
        machine.observe(MAP, status(map, 2, List.of(0), Map.of(1, GroupState.DISABLED)));
        assertEquals(List.of(new ReinstatePath(MAP, devt(0)), new EnableGroup(MAP, 1)), machine.check(verdict(0, UP)));
    }

    @Test
    void firstStatusAfterALoadSyncsKernelAndCheckers() {
        machine.check(verdict(1, DOWN));
        machine.observe(MAP, status(map, 1, 1));
        // A reload with the same paths in a new layout: the kernel starts with every path active.
        MultipathMap reloaded = Fixture.map(4);
        assertEquals(List.of(), machine.configure(reloaded, Fixture.policy(NoPathRetry.QUEUE, Failback.MANUAL)));
        assertEquals(DOWN, path(1).state());
        assertEquals(PathView.Kernel.UNKNOWN, path(1).kernel());
        assertEquals(List.of(new FailPath(MAP, devt(1))), machine.observe(MAP, status(reloaded, 1)));
        assertEquals(List.of(), machine.observe(MAP, status(reloaded, 1, 1)));
    }

    @Test
    void downPathTheKernelHasActiveIsFailedOnTheStatus() {
        machine.check(verdict(2, DOWN));
        machine.observe(MAP, status(map, 1, 2));
        // Someone (an operator, a reload of the same layout) reactivated it.
        assertEquals(List.of(new FailPath(MAP, devt(2))), machine.observe(MAP, status(map, 1)));
    }

    @Test
    void upPathTheKernelFailedIsOnlyReinstatedRightAfterALoad() {
        // Outside a load, F means the kernel saw I/O errors: wait for the checker.
        assertEquals(List.of(), machine.observe(MAP, status(map, 1, 3)));
        assertEquals(DOWN, path(3).state());
        machine.check(verdict(3, UP));
        machine.observe(MAP, status(map, 1));
        // After a load (same layout) the first status reinstates.
        machine.configure(map, Fixture.policy(NoPathRetry.QUEUE, Failback.MANUAL));
        assertEquals(List.of(new ReinstatePath(MAP, devt(3))), machine.observe(MAP, status(map, 1, 3)));
    }

    @Test
    void syncReinstatesUpPathsTheNewTableHasFailed() {
        MultipathMap reloaded = Fixture.map(1, 3);
        machine.configure(reloaded, Fixture.policy(NoPathRetry.QUEUE, Failback.MANUAL));
        assertEquals(List.of(new ReinstatePath(MAP, devt(3))), machine.observe(MAP, status(reloaded, 1, 3)));
    }

    @Test
    void verdictsForUnknownPathsAndMapsAreIgnored() {
        assertEquals(List.of(), machine.check(new CheckResult("sdz", new DevT(65, 0), DOWN, "")));
        assertEquals(List.of(), machine.observe("other", status(map, 1, 0)));
        machine.remove(MAP);
        assertEquals(List.of(), machine.check(verdict(0, DOWN)));
        assertTrue(machine.view(MAP).isEmpty());
        assertTrue(machine.views().isEmpty());
    }

    @Test
    void verdictWithoutDevtIsFoundByName() {
        assertEquals(List.of(new FailPath(MAP, devt(2))), machine.check(new CheckResult(Fixture.name(2), null, DOWN, "")));
    }

    @Test
    void statusOfAnotherTableOnlyRecordsKnownPaths() {
        // A status with one group fewer (a reload raced the read): path states are taken by devt, groups ignored.
        MultipathMap other = Fixture.map(2);
        assertEquals(List.of(), machine.observe(MAP, status(other, 1, 0)));
        assertEquals(PathView.Kernel.FAILED, path(0).kernel());
        assertEquals(PathView.Kernel.UNKNOWN, path(2).kernel());
        assertEquals(0, machine.view(MAP).orElseThrow().kernelGroup());
    }

    @Test
    void aPathTwiceInOneMapIsRejected() {
        MultipathMap twice = new MultipathMap(MAP, null, map.wwid(), 2048, List.of(), List.of(),
                List.of(map.groups().get(0), map.groups().get(0)));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> machine.configure(twice, Fixture.policy(NoPathRetry.QUEUE, Failback.MANUAL)));
        assertTrue(e.getMessage().contains("8:0 appears twice"), e.getMessage());
        // The map keeps its previous layout; a new map that is invalid is not added.
        assertEquals(List.of(new FailPath(MAP, devt(3))), machine.check(verdict(3, DOWN)));
        MultipathMap otherTwice = new MultipathMap("other", null, map.wwid(), 2048, List.of(), List.of(),
                List.of(map.groups().get(1), map.groups().get(1)));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> machine.configure(otherTwice, Fixture.policy(NoPathRetry.QUEUE, Failback.MANUAL)));
        assertTrue(machine.view("other").isEmpty());
        assertEquals(1, machine.views().size());
    }

    @Test
    void actionsNameTheMap() {
        List<MapAction> actions = machine.check(verdict(0, DOWN));
        assertEquals(1, actions.size());
        assertEquals(MAP, actions.get(0).map());
    }
}
