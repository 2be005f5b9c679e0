package io.mpathvx.api;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonSnapshotTest {
    private final DaemonSnapshot s = DaemonSnapshot.empty();

    private static DaemonSnapshot.MapView map(String name, String wwid) {
        return new DaemonSnapshot.MapView(name, "mpath-" + wwid, wwid, 8, null, null, "");
    }

    private static DaemonSnapshot.PathView path(String name, String devt, String map) {
        return new DaemonSnapshot.PathView(name, devt, "w1", map, "UP", "");
    }

    @Test
    void aRenamedMapIsListedOnceUnderItsNewNameAndFoundByWwid() {
        s.putMap(map("w1", "w1"));
        s.putMap(map("mpatha", "w1"));
        assertEquals(List.of("mpatha"), s.maps().stream().map(DaemonSnapshot.MapView::name).toList());
        assertEquals(1, s.mapCount());
        assertEquals("mpatha", s.map("w1").orElseThrow().name());
        s.removeMapOf("w1");
        assertEquals(0, s.mapCount());
        assertTrue(s.maps().isEmpty() && s.map("w1").isEmpty());
    }

    @Test
    void pathCountsFollowEntriesAndMembership() {
        s.putPath(path("sda", "8:0", ""));
        s.putPath(path("sdb", "8:16", "mpatha"));
        assertEquals(2, s.pathCount());
        assertEquals(1, s.pathsInMaps());
        s.putPath(path("sda", "8:0", "mpatha"));
        assertEquals(2, s.pathsInMaps());
        assertEquals("sdb", s.path("8:16").orElseThrow().name());
        s.removePath("sdb");
        s.putPath(path("sda", "8:0", ""));
        assertEquals(1, s.pathCount());
        assertEquals(0, s.pathsInMaps());
        assertTrue(s.path("8:16").isEmpty());
    }
}
