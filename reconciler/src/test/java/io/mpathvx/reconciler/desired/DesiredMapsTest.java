package io.mpathvx.reconciler.desired;

import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.Wwid;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.mpathvx.reconciler.desired.Paths.path;
import static org.junit.jupiter.api.Assertions.*;

class DesiredMapsTest {
    private static final Wwid W = Wwid.of("36001405aa");

    @Test
    void findMultipathsModes() {
        for (FindMultipaths fm : FindMultipaths.values()) assertFalse(DesiredMaps.wanted(fm, 0, true, true), fm + " with no paths");
        assertTrue(DesiredMaps.wanted(FindMultipaths.OFF, 1, false, false));
        assertTrue(DesiredMaps.wanted(FindMultipaths.GREEDY, 1, false, false));
        assertFalse(DesiredMaps.wanted(FindMultipaths.ON, 1, false, false));
        assertTrue(DesiredMaps.wanted(FindMultipaths.ON, 2, false, false));
        assertTrue(DesiredMaps.wanted(FindMultipaths.ON, 1, true, false));
        assertFalse(DesiredMaps.wanted(FindMultipaths.SMART, 1, false, false));
        assertTrue(DesiredMaps.wanted(FindMultipaths.SMART, 2, false, false));
        assertTrue(DesiredMaps.wanted(FindMultipaths.SMART, 1, true, false));
        assertFalse(DesiredMaps.wanted(FindMultipaths.STRICT, 4, false, false));
        assertTrue(DesiredMaps.wanted(FindMultipaths.STRICT, 1, true, false));
        assertTrue(DesiredMaps.wanted(FindMultipaths.STRICT, 1, false, true), "existing maps are kept");
        assertEquals(FindMultipaths.OFF, FindMultipaths.of("off"));
        assertEquals(FindMultipaths.ON, FindMultipaths.of("on"));
        assertThrows(IllegalArgumentException.class, () -> FindMultipaths.of("maybe"));
    }

    @Test
    void pathOfDifferentSizeIsRefused() {
        DesiredMap d = DesiredMaps.build(W, List.of(
                PathInfo.of(path("sdb", "8:16", W.value(), 4096, PathState.UP, ""), 1),
                PathInfo.of(path("sda", "8:0", W.value(), 2048, PathState.UP, ""), 1),
                PathInfo.of(path("sdc", "8:32", W.value(), 0, PathState.UP, ""), 1)), MapPolicy.defaults(), 0);
        assertEquals(2048, d.sizeSectors(), "first path in device order sets a new map's size");
        assertEquals(List.of("sdb", "sdc"), d.refused().stream().map(DesiredMap.Refused::path).toList());
        assertEquals("0 0 1 1 service-time 0 1 1 8:0 1", d.table().format());
        assertEquals("0 2048 multipath 0 0 1 1 service-time 0 1 1 8:0 1", d.target().toString());
        assertEquals("mpath-36001405aa", d.uuid());
    }

    @Test
    void existingMapSizeWinsUnlessAutoResizeAllowsTheSizeAllPathsAgreeOn() {
        List<PathInfo> mixed = List.of(PathInfo.of(path("sda", "8:0", W.value(), 4096, PathState.UP, ""), 1),
                PathInfo.of(path("sdb", "8:16", W.value(), 2048, PathState.UP, ""), 1));
        for (MapSize.AutoResize mode : MapSize.AutoResize.values()) {
            assertEquals(2048, DesiredMaps.build(W, mixed, MapPolicy.defaults(), 2048, mode, false).sizeSectors(), mode.name());
        }
        List<PathInfo> grown = List.of(PathInfo.of(path("sda", "8:0", W.value(), 4096, PathState.UP, ""), 1),
                PathInfo.of(path("sdb", "8:16", W.value(), 4096, PathState.UP, ""), 1));
        assertEquals(2048, DesiredMaps.build(W, grown, MapPolicy.defaults(), 2048).sizeSectors(), "auto_resize never");
        assertEquals(List.of(), DesiredMaps.build(W, grown, MapPolicy.defaults(), 2048).refused(),
                "the LUN grew: its paths stay in the map, which keeps its size");
        assertEquals(4096, DesiredMaps.build(W, grown, MapPolicy.defaults(), 2048, MapSize.AutoResize.GROW_ONLY, false).sizeSectors());
        assertEquals(4096, DesiredMaps.build(W, grown, MapPolicy.defaults(), 2048, MapSize.AutoResize.GROW_SHRINK, false).sizeSectors());
        assertEquals(8192, DesiredMaps.build(W, grown, MapPolicy.defaults(), 8192, MapSize.AutoResize.GROW_ONLY, false).sizeSectors(),
                "grow_only never shrinks");
        assertEquals(4096, DesiredMaps.build(W, grown, MapPolicy.defaults(), 8192, MapSize.AutoResize.GROW_SHRINK, false).sizeSectors());
        assertEquals(MapSize.AutoResize.GROW_ONLY, MapSize.AutoResize.of("grow_only"));
        assertEquals(MapSize.AutoResize.NEVER, MapSize.AutoResize.of(null));
        assertNull(DesiredMaps.build(W, List.of(PathInfo.of(path("sda", "8:0", W.value(), 0, PathState.UP, ""), 1)),
                MapPolicy.defaults(), 0), "no usable size: no map");
    }

    @Test
    void aNewMapWhosePathsDifferInSizeIsRefusedWhole() {
        List<PathInfo> differ = List.of(PathInfo.of(path("sdb", "8:16", W.value(), 4096, PathState.UP, ""), 1),
                PathInfo.of(path("sdc", "8:32", W.value(), 0, PathState.UP, ""), 1),
                PathInfo.of(path("sda", "8:0", W.value(), 2048, PathState.UP, ""), 1));
        assertEquals("paths differ in size: sda 2048, sdb 4096 sectors; no map is created until they agree",
                MapSize.mismatch(DesiredMaps.sorted(differ)));
        assertNull(MapSize.mismatch(DesiredMaps.sorted(differ.subList(0, 2))), "a path without a size yet does not count");
    }

    @Test
    void pathOrderDoesNotDependOnArrival() {
        PathInfo a = PathInfo.of(path("sda", "8:0", W.value(), 2048, PathState.UP, ""), 1);
        PathInfo b = PathInfo.of(path("sdb", "8:16", W.value(), 2048, PathState.UP, ""), 1);
        MapPolicy mb = MapPolicy.defaults().withGrouping(PathGroupingPolicy.MULTIBUS);
        assertEquals(DesiredMaps.build(W, List.of(a, b), mb, 0), DesiredMaps.build(W, List.of(b, a), mb, 0));
    }

    @Test
    void priorities() {
        assertEquals(50, Priorities.fromAccessState("active/optimized", "0", ""));
        assertEquals(10, Priorities.fromAccessState("active/non-optimized\n", null, ""));
        assertEquals(5, Priorities.fromAccessState("lba-dependent", "0", ""));
        assertEquals(1, Priorities.fromAccessState("standby", "0", ""));
        assertEquals(0, Priorities.fromAccessState("unavailable", "0", ""));
        assertEquals(90, Priorities.fromAccessState("active/non-optimized", "1", ""));
        assertEquals(50, Priorities.fromAccessState("active/optimized", "1", ""));
        assertEquals(130, Priorities.fromAccessState("active/optimized", "1", "exclusive_pref_bit"));
        assertEquals(Priorities.UNDEF, Priorities.fromAccessState(null, "1", ""));
    }

    @Test
    void noPathRetryParsing() {
        assertEquals(NoPathRetry.QUEUE, NoPathRetry.of("queue"));
        assertEquals(NoPathRetry.FAIL, NoPathRetry.of("fail"));
        assertEquals(NoPathRetry.UNDEF, NoPathRetry.of(null));
        assertEquals(NoPathRetry.retries(12), NoPathRetry.of("12"));
        assertThrows(IllegalArgumentException.class, () -> NoPathRetry.of("often"));
        assertThrows(IllegalArgumentException.class, () -> NoPathRetry.retries(-1));
    }
}
