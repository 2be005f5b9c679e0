package io.mpathvx.reconciler.pathstate;

import io.mpathvx.core.config.Failback;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.model.MultipathMap;
import io.mpathvx.reconciler.MapAction.FailPath;
import io.mpathvx.reconciler.MapAction.ReinstatePath;
import io.mpathvx.reconciler.MapAction.SwitchGroup;
import org.junit.jupiter.api.Test;

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

/**
 * Failback policies. The map has two groups, [sda sdb] (best, table order) and [sdc sdd]; both paths of group 1
 * failed, the kernel failed over to group 2, then group 1's paths come back.
 */
class FailbackTest {
    private final MutableClock clock = new MutableClock();
    private final PathStateMachine machine = new PathStateMachine(clock);
    private final MultipathMap map = Fixture.map(2, 2);

    /** Group 1 down, kernel on group 2. */
    private void failedOver(Failback failback) {
        machine.configure(map, Fixture.policy(NoPathRetry.QUEUE, failback));
        machine.observe(MAP, status(map, 1));
        for (int i = 0; i < 4; i++) machine.check(verdict(i, UP));
        machine.check(verdict(0, DOWN));
        machine.check(verdict(1, DOWN));
        machine.observe(MAP, status(map, 2, 0, 1));
        assertEquals(2, view().kernelGroup());
        assertEquals(2, view().bestGroup());
    }

    private MapView view() {
        return machine.view(MAP).orElseThrow();
    }

    @Test
    void immediateSwitchesAsSoonAsTheBestGroupHasAUsablePath() {
        failedOver(Failback.IMMEDIATE);
        assertEquals(List.of(new ReinstatePath(MAP, devt(0)), new SwitchGroup(MAP, 1)), machine.check(verdict(0, UP)));
        assertEquals(1, view().kernelGroup());
        assertEquals(List.of(new ReinstatePath(MAP, devt(1))), machine.check(verdict(1, UP)));
    }

    @Test
    void aWorseGroupCheckedFirstDoesNotWinOverABetterGroupNotCheckedYet() {
        machine.configure(map, Fixture.policy(NoPathRetry.QUEUE, Failback.IMMEDIATE));
        machine.observe(MAP, status(map, 1));
        // a fresh map: group 2's paths answer before group 1's (the start-up race of a healthy ALUA SAN)
        assertEquals(List.of(), machine.check(verdict(2, UP)));
        assertEquals(List.of(), machine.check(verdict(3, UP)));
        assertEquals(0, view().bestGroup(), "undecided while group 1 is unchecked");
        assertEquals(List.of(), machine.check(verdict(0, UP)));
        assertEquals(1, view().bestGroup());
        assertEquals(1, view().kernelGroup());
    }

    @Test
    void aBetterGroupThatTurnsOutDownLetsTheNextGroupWin() {
        machine.configure(map, Fixture.policy(NoPathRetry.QUEUE, Failback.IMMEDIATE));
        machine.observe(MAP, status(map, 1));
        machine.check(verdict(2, UP));
        machine.check(verdict(0, DOWN));
        assertEquals(0, view().bestGroup(), "sdb of group 1 is still unchecked");
        machine.check(verdict(1, DOWN));
        assertEquals(2, view().bestGroup());
        assertEquals(List.of(new SwitchGroup(MAP, 2)), machine.check(verdict(2, UP)));
    }

    @Test
    void immediateSwitchesBackWhenTheKernelStrayed() {
        failedOver(Failback.IMMEDIATE);
        machine.check(verdict(0, UP));
        machine.check(verdict(1, UP));
        // Someone switched to group 2 with every path up: the next check of any path switches back.
        machine.observe(MAP, status(map, 2));
        assertEquals(List.of(new SwitchGroup(MAP, 1)), machine.check(verdict(3, UP)));
    }

    @Test
    void immediateGhostCountsAsUsable() {
        failedOver(Failback.IMMEDIATE);
        assertEquals(List.of(new ReinstatePath(MAP, devt(1)), new SwitchGroup(MAP, 1)), machine.check(verdict(1, GHOST)));
    }

    @Test
    void manualNeverSwitches() {
        failedOver(Failback.MANUAL);
        assertEquals(List.of(new ReinstatePath(MAP, devt(0))), machine.check(verdict(0, UP)));
        assertEquals(List.of(new ReinstatePath(MAP, devt(1))), machine.check(verdict(1, UP)));
        clock.advanceSeconds(3600);
        assertEquals(List.of(), machine.tick());
        assertEquals(List.of(), machine.check(verdict(0, UP)));
        assertEquals(2, view().kernelGroup());
    }

    @Test
    void followoverSwitchesWhenTheFirstPathOfTheGroupComesBack() {
        failedOver(Failback.FOLLOWOVER);
        assertEquals(List.of(new ReinstatePath(MAP, devt(1)), new SwitchGroup(MAP, 1)), machine.check(verdict(1, UP)));
    }

    @Test
    void followoverDoesNotSwitchWhenAnotherPathOfTheGroupWasUp() {
        failedOver(Failback.FOLLOWOVER);
        machine.check(verdict(0, UP));
        // The kernel went to group 2 again (e.g. an operator's switch); then sdb flaps inside a working group.
        machine.observe(MAP, status(map, 2, 1));
        machine.check(verdict(1, UP));
        machine.observe(MAP, status(map, 2));
        assertEquals(List.of(new FailPath(MAP, devt(1))), machine.check(verdict(1, DOWN)));
        assertEquals(List.of(new ReinstatePath(MAP, devt(1))), machine.check(verdict(1, UP)));
        assertEquals(2, view().kernelGroup());
    }

    @Test
    void followoverIgnoresPathsTheKernelFailedWhileTheCheckerSawThemUp() {
        machine.configure(map, Fixture.policy(NoPathRetry.QUEUE, Failback.FOLLOWOVER));
        machine.observe(MAP, status(map, 1));
        for (int i = 0; i < 4; i++) machine.check(verdict(i, UP));
        // I/O errors fail group 1 in the kernel; no checker saw it down.
        machine.observe(MAP, status(map, 2, 0, 1));
        assertEquals(DOWN, view().paths().get(0).state());
        // The checker still says UP: reinstated, but this is not a group coming back (checker state never changed).
        assertEquals(List.of(new ReinstatePath(MAP, devt(0))), machine.check(verdict(0, UP)));
    }

    @Test
    void followoverNeedsTheOtherPathsCheckedDown() {
        machine.configure(map, Fixture.policy(NoPathRetry.QUEUE, Failback.FOLLOWOVER));
        machine.observe(MAP, status(map, 2));
        machine.check(verdict(2, UP));
        machine.check(verdict(3, UP));
        // sdb was never checked: it might be up, so this is not the group coming back.
        assertEquals(List.of(), machine.check(verdict(0, UP)));
        assertEquals(2, view().kernelGroup());
    }

    @Test
    void deferredSwitchesAfterTheDelay() {
        failedOver(Failback.deferred(30));
        var up = clock.instant();
        assertEquals(List.of(new ReinstatePath(MAP, devt(0))), machine.check(verdict(0, UP)));
        assertEquals(up.plusSeconds(30), view().failbackDue());
        assertEquals(Optional.of(up.plusSeconds(30)), machine.nextDeadline());
        clock.advanceSeconds(29);
        assertEquals(List.of(), machine.tick());
        clock.advanceSeconds(1);
        assertEquals(List.of(new SwitchGroup(MAP, 1)), machine.tick());
        assertNull(view().failbackDue());
        assertEquals(List.of(), machine.tick());
    }

    @Test
    void deferredIsCancelledWhenTheGroupFailsAgain() {
        failedOver(Failback.deferred(30));
        machine.check(verdict(0, UP));
        clock.advanceSeconds(10);
        assertEquals(List.of(new FailPath(MAP, devt(0))), machine.check(verdict(0, DOWN)));
        assertNull(view().failbackDue());
        clock.advanceSeconds(30);
        assertEquals(List.of(), machine.tick());
        assertEquals(2, view().kernelGroup());
    }

    @Test
    void deferredRestartsWhenAnotherPathComesUp() {
        failedOver(Failback.deferred(30));
        machine.check(verdict(0, UP));
        clock.advanceSeconds(20);
        machine.check(verdict(1, UP));
        assertEquals(clock.instant().plusSeconds(30), view().failbackDue());
        clock.advanceSeconds(10);
        assertEquals(List.of(), machine.tick());
        // A routine UP check does not restart the wait.
        machine.check(verdict(0, UP));
        clock.advanceSeconds(20);
        assertEquals(List.of(new SwitchGroup(MAP, 1)), machine.tick());
    }

    @Test
    void deferredDoesNothingWhenTheKernelIsAlreadyThereAtExpiry() {
        failedOver(Failback.deferred(30));
        machine.check(verdict(0, UP));
        machine.observe(MAP, status(map, 1, 1));
        clock.advanceSeconds(30);
        assertEquals(List.of(), machine.tick());
    }

    @Test
    void aSingleGroupNeverSwitches() {
        MultipathMap one = Fixture.map(2);
        machine.configure(one, Fixture.policy(NoPathRetry.QUEUE, Failback.IMMEDIATE));
        machine.observe(MAP, status(one, 1));
        machine.check(verdict(0, DOWN));
        assertEquals(List.of(new ReinstatePath(MAP, devt(0))), machine.check(verdict(0, UP)));
    }

    @Test
    void noSwitchBeforeTheKernelStatusIsKnown() {
        machine.configure(map, Fixture.policy(NoPathRetry.QUEUE, Failback.IMMEDIATE));
        assertEquals(List.of(new ReinstatePath(MAP, devt(2))), machine.check(verdict(2, UP)));
        assertEquals(0, view().kernelGroup());
    }
}
