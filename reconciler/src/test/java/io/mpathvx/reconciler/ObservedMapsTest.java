package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.diff.ObservedMap;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ObservedMapsTest {
    private static final Wwid A = Wwid.of("3600a");
    private final ObservedMaps maps = new ObservedMaps();

    private static ObservedMap map(String name, Wwid w) {
        return new ObservedMap(name, w.mapUuid(), w, null, null, null, null);
    }

    @Test
    void byWwidAndByNameFollowARename() {
        maps.put(map("mpatha", A));
        maps.put(map("mpathb", A));
        assertEquals("mpathb", maps.get(A).name());
        assertEquals(A, maps.wwidOf("mpathb"));
        assertNull(maps.wwidOf("mpatha"));
        assertEquals(List.of(A), maps.wwids());
        maps.drop(A);
        assertFalse(maps.has(A));
        assertNull(maps.wwidOf("mpathb"));
    }

    @Test
    void aReadIsFreshUnlessActionsRunOrAnOutcomeCameAfterItStarted() {
        WwidState s = new WwidState(A);
        long before = maps.readStarts();
        assertTrue(ObservedMaps.fresh(s, before));
        assertTrue(ObservedMaps.fresh(null, before), "nothing kept: any read is news");
        s.inFlight = true;
        assertFalse(ObservedMaps.fresh(s, before), "the run's read-back will be newer");
        s.inFlight = false;
        maps.outcomeArrived(s);
        assertFalse(ObservedMaps.fresh(s, before), "the outcome is newer than what the read saw");
        long after = maps.readStarts();
        assertTrue(ObservedMaps.fresh(s, after));
    }
}
