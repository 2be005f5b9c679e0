package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class WorkQueueTest {
    private static final Wwid A = Wwid.of("3600a");
    private static final Wwid B = Wwid.of("3600b");
    private static final Wwid C = Wwid.of("3600c");
    private final WorkQueue queue = new WorkQueue();

    private static List<Wwid> wwids(List<WwidState> states) {
        return states.stream().map(s -> s.wwid).toList();
    }

    @Test
    void eachDirtyWwidIsTakenOnceInTheOrderItGotDirty() {
        queue.markDirty(B);
        queue.markDirty(A);
        queue.markDirty(B);
        assertEquals(List.of(B, A), wwids(queue.take(10)));
        assertFalse(queue.hasDirty());
        assertTrue(queue.quiet());
    }

    @Test
    void takeStopsAtItsLimit() {
        queue.markDirty(A);
        queue.markDirty(B);
        queue.markDirty(C);
        assertEquals(List.of(A, B), wwids(queue.take(2)));
        assertEquals(List.of(C), wwids(queue.take(2)));
    }

    @Test
    void aWwidTouchedWhileItsActionsRunIsQueuedWhenTheyEnd() {
        queue.markDirty(A);
        WwidState a = queue.take(1).get(0);
        queue.started(a);
        queue.markDirty(A);
        assertFalse(queue.hasDirty(), "not planned beside its own run");
        assertEquals(1, queue.inFlight());
        queue.finished(a);
        assertEquals(0, queue.inFlight());
        assertEquals(List.of(A), wwids(queue.take(10)));
    }

    @Test
    void aRunThatEndsUntouchedLeavesNothingQueued() {
        queue.markDirty(A);
        WwidState a = queue.take(1).get(0);
        queue.started(a);
        queue.finished(a);
        assertTrue(queue.quiet());
    }

    @Test
    void anAbandonedRunCarriesNothingOver() {
        queue.markDirty(A);
        WwidState a = queue.take(1).get(0);
        queue.started(a);
        queue.markDirty(A);
        queue.abandon(a);
        assertTrue(queue.quiet());
        assertFalse(a.dirtyAfterFlight);
    }

    @Test
    void statesPutBackGoFirstInTheirOrder() {
        queue.markDirty(A);
        queue.markDirty(B);
        List<WwidState> taken = queue.take(2);
        queue.markDirty(C);
        queue.putBack(taken);
        assertEquals(List.of(A, B, C), wwids(queue.take(10)));
    }

    @Test
    void oneStatePerWwidKeptUntilNothingIsLeftInIt() {
        WwidState a = queue.state(A);
        assertSame(a, queue.state(A));
        a.note = "find_multipaths yes: not multipathed yet";
        queue.forgetIfEmpty(a);
        assertSame(a, queue.get(A), "a note is worth keeping");
        a.note = "";
        queue.forgetIfEmpty(a);
        assertNull(queue.get(A));
    }

    @Test
    void externalActionsAreTakenOnceInOrder() {
        WwidState a = queue.state(A);
        a.addExternal(new MapAction.FailIfNoPath("m"));
        a.addExternal(new MapAction.QueueIfNoPath("m"));
        assertFalse(a.empty());
        assertEquals(List.of(new MapAction.FailIfNoPath("m"), new MapAction.QueueIfNoPath("m")), a.takeExternal());
        assertNull(a.takeExternal());
    }
}
