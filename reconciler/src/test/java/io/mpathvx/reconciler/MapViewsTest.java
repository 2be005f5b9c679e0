package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.diff.ObservedMap;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class MapViewsTest {
    private static final Wwid A = Wwid.of("3600a");
    private final List<MapView> told = new ArrayList<>();
    private final MapViews views = new MapViews();

    MapViewsTest() {
        views.onChange(told::add);
    }

    @Test
    void aViewIsPublishedAndToldOnlyWhenItChanges() {
        ObservedMap o = new ObservedMap("mpatha", A.mapUuid(), A, null, null, null, null);
        views.publish(A, null, o);
        views.publish(A, null, o);
        assertEquals(1, told.size());
        assertEquals("mpatha", views.get(A).name());
        WwidState s = new WwidState(A);
        s.attempts = 2;
        s.lastError = "EBUSY";
        views.publish(A, s, o);
        assertEquals(2, told.size());
        assertEquals(2, views.snapshot().maps().get(A).attempts());
    }

    @Test
    void aWwidWithNothingLeftIsToldGoneOnce() {
        WwidState s = new WwidState(A);
        s.note = "find_multipaths yes: not multipathed yet";
        views.publish(A, s, null);
        s.note = "";
        views.publish(A, s, null);
        views.remove(A);
        assertEquals(2, told.size());
        MapView gone = told.get(1);
        assertNull(gone.desired());
        assertNull(gone.observed());
        assertNull(views.get(A));
        assertTrue(views.snapshot().maps().isEmpty());
    }
}
