package io.mpathvx.reconciler.diff;

import io.mpathvx.core.config.FlushOnLastDel;

import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.reconciler.MapAction;
import io.mpathvx.reconciler.desired.DesiredMap;
import io.mpathvx.reconciler.desired.DesiredMaps;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.PathInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class MapDiffTest {
    private static final Wwid W = Wwid.of("36001405aa");
    private static final DiffOptions OPTS = DiffOptions.DEFAULT;

    private static PathInfo p(String name, String devt) {
        return PathInfo.of(new Path(name, DevT.parse(devt), W, 2048, "V", "P", "R", null, "", PathState.UP), 1);
    }

    private static DesiredMap want(MapPolicy policy) {
        return DesiredMaps.build(W, List.of(p("sda", "8:0"), p("sdb", "8:16")), policy, 0);
    }

    private static ObservedMap have(String name, long size, String params, int open, boolean deferred) throws Exception {
        DmInfo info = new DmInfo(name, W.mapUuid(), new DevT(253, 0), open, 1, params == null ? 0 : 1, false, false,
                params != null, false, deferred);
        DmTarget t = params == null ? null : new DmTarget(0, size, "multipath", params);
        return new ObservedMap(name, W.mapUuid(), W, info, t, params == null ? null : MultipathTable.parse(params), null);
    }

    private static boolean present(DevT d) {
        return d.major() == 8;
    }

    @Test
    void createWhenMissing() {
        DesiredMap d = want(MapPolicy.defaults());
        List<MapAction> a = MapDiff.forMap(d, null, MapDiffTest::present, OPTS);
        assertEquals(List.of(new MapAction.Create(W.value(), "mpath-36001405aa",
                new DmTarget(0, 2048, "multipath", "0 0 2 1 service-time 0 1 1 8:0 1 service-time 0 1 1 8:16 1"))), a);
    }

    @Test
    void nothingWhenEqualUpToKernelNormalisation() throws Exception {
        DesiredMap d = want(MapPolicy.defaults().withFeatures(List.of("pg_init_retries", "50"), List.of())
                .withNoPathRetry(io.mpathvx.core.config.NoPathRetry.QUEUE));
        // kernel order of features, retain flag printed, attached alua handler, 2 service-time args, other current group
        String kernel = "4 queue_if_no_path pg_init_retries 50 retain_attached_hw_handler 1 alua 2 2 "
                + "service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:16 1 1";
        assertEquals(List.of(), MapDiff.forMap(d, have(W.value(), 2048, kernel, 0, false), MapDiffTest::present, OPTS));
    }

    @Test
    void pathOrderInsideAGroupIsNoReason() throws Exception {
        DesiredMap d = want(MapPolicy.defaults().withGrouping(PathGroupingPolicy.MULTIBUS));
        assertEquals(List.of(), MapDiff.forMap(d, have(W.value(), 2048,
                "0 0 1 1 service-time 0 2 2 8:16 1 1 8:0 1 1", 0, false), MapDiffTest::present, OPTS));
    }

    @Test
    void reloadWhenGroupsDiffer() throws Exception {
        DesiredMap d = want(MapPolicy.defaults());
        ObservedMap o = have(W.value(), 2048, "0 0 1 1 service-time 0 1 2 8:0 1 1", 0, false); // sdb missing
        assertEquals(List.of(new MapAction.Reload(W.value(), d.target())), MapDiff.forMap(d, o, MapDiffTest::present, OPTS));
        ObservedMap rr = have(W.value(), 2048, "0 0 2 1 round-robin 0 1 1 8:0 1 round-robin 0 1 1 8:16 1", 0, false);
        assertEquals(1, MapDiff.forMap(d, rr, MapDiffTest::present, OPTS).size(), "other selector");
        ObservedMap feat = have(W.value(), 2048, "1 queue_if_no_path 0 2 1 service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:16 1 1", 0, false);
        assertEquals(List.of(), MapDiff.forMap(d, feat, MapDiffTest::present, OPTS),
                "queueing alone is the path state machine's (queue_if_no_path/fail_if_no_path messages), never a reload");
        ObservedMap pgInit = have(W.value(), 2048, "2 pg_init_retries 9 0 2 1 service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:16 1 1", 0, false);
        assertEquals(1, MapDiff.forMap(d, pgInit, MapDiffTest::present, OPTS).size(), "other features do reload");
        ObservedMap hwh = have(W.value(), 2048, "0 1 emc 2 1 service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:16 1 1", 0, false);
        assertEquals(List.of(), MapDiff.forMap(d, hwh, MapDiffTest::present, OPTS), "retain on: attached handler is no change");
        DesiredMap noRetain = want(MapPolicy.defaults().withInit(null, false, null));
        assertEquals(1, MapDiff.forMap(noRetain, hwh, MapDiffTest::present, OPTS).size(), "retain off: handler differs");
    }

    @Test
    void equalRankFailoverGroupsInAnyOrderAreNoReason() throws Exception {
        DesiredMap d = want(MapPolicy.defaults()); // failover, both priority 1: a tie
        String swapped = "0 0 2 1 service-time 0 1 2 8:16 1 1 service-time 0 1 2 8:0 1 1";
        assertEquals(List.of(), MapDiff.forMap(d, have(W.value(), 2048, swapped, 0, false), MapDiffTest::present, OPTS));
        // with different priorities the order is meaningful
        PathInfo hi = PathInfo.of(new Path("sda", DevT.parse("8:0"), W, 2048, "V", "P", "R", null, "", PathState.UP), 50);
        PathInfo lo = PathInfo.of(new Path("sdb", DevT.parse("8:16"), W, 2048, "V", "P", "R", null, "", PathState.UP), 10);
        DesiredMap ranked = DesiredMaps.build(W, List.of(hi, lo), MapPolicy.defaults(), 0);
        assertEquals(1, MapDiff.forMap(ranked, have(W.value(), 2048, swapped, 0, false), MapDiffTest::present, OPTS).size());
    }

    private static PathInfo pp(String name, String devt, int prio, PathState st) {
        return PathInfo.of(new Path(name, DevT.parse(devt), W, 2048, "V", "P", "R", null, "", st), prio);
    }

    @Test
    void pathFailureNeverReloadsButAPriorityChangeDoes() throws Exception {
        String live = "0 0 2 1 service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:16 1 1"; // built when 8:0 had 50, 8:16 10
        DesiredMap failed = DesiredMaps.build(W, List.of(pp("sda", "8:0", 50, PathState.DOWN), pp("sdb", "8:16", 10, PathState.UP)),
                MapPolicy.defaults(), 0);
        assertEquals(DevT.parse("8:16"), failed.table().groups().get(0).paths().get(0).devt(), "a fresh table would start with the usable path");
        assertEquals(List.of(), MapDiff.forMap(failed, have(W.value(), 2048, live, 0, false), MapDiffTest::present, OPTS));
        DesiredMap flipped = DesiredMaps.build(W, List.of(pp("sda", "8:0", 10, PathState.UP), pp("sdb", "8:16", 50, PathState.UP)),
                MapPolicy.defaults(), 0);
        assertEquals(1, MapDiff.forMap(flipped, have(W.value(), 2048, live, 0, false), MapDiffTest::present, OPTS).size());
        DesiredMap unchecked = DesiredMaps.build(W, List.of(pp("sda", "8:0", 10, PathState.UNCHECKED), pp("sdb", "8:16", 50, PathState.UNCHECKED)),
                MapPolicy.defaults(), 0);
        assertEquals(DevT.parse("8:16"), unchecked.table().groups().get(0).paths().get(0).devt(), "unchecked paths are presumed up");
    }

    @Test
    void reloadWhenNoLiveTable() throws Exception {
        DesiredMap d = want(MapPolicy.defaults());
        assertEquals(List.of(new MapAction.Reload(W.value(), d.target())),
                MapDiff.forMap(d, have(W.value(), 0, null, 0, false), MapDiffTest::present, OPTS));
    }

    @Test
    void resizeWhenSizeDiffers() throws Exception {
        DesiredMap d = want(MapPolicy.defaults());
        assertEquals(List.of(new MapAction.Resize(W.value(), d.target())), MapDiff.forMap(d,
                have(W.value(), 1024, "0 0 2 1 service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:16 1 1", 0, false),
                MapDiffTest::present, OPTS));
    }

    @Test
    void renameThenReloadUnderTheNewName() throws Exception {
        DesiredMap d = want(MapPolicy.defaults()).withName("mpatha");
        List<MapAction> a = MapDiff.forMap(d, have(W.value(), 2048, "0 0 1 1 service-time 0 1 2 8:0 1 1", 0, false),
                MapDiffTest::present, OPTS);
        assertEquals(List.of(new MapAction.Rename(W.value(), "mpatha"), new MapAction.Reload("mpatha", d.target())), a);
    }

    @Test
    void staleMapRemovedOnlyWhenAllPathsGone() throws Exception {
        String params = "0 0 2 1 service-time 0 1 2 8:0 1 1 service-time 0 1 2 65:0 1 1";
        assertEquals(List.of(), MapDiff.forMap(null, have("m", 2048, params, 0, false), MapDiffTest::present, OPTS),
                "8:0 still present: keep");
        assertEquals(List.of(new MapAction.FlushNoPaths("m", FlushOnLastDel.UNUSED, false)),
                MapDiff.forMap(null, have("m", 2048, params, 0, false), d -> false, OPTS));
        assertEquals(List.of(), MapDiff.forMap(null, null, d -> false, OPTS));
    }

    @Test
    void openStaleMapIsLeftToTheFlushUnlessForced() throws Exception {
        ObservedMap open = have("m", 2048, "0 0 1 1 service-time 0 1 2 65:0 1 1", 2, false);
        // the open count may be stale: the flush decides with the kernel's (LastPathFlushTest), never removing an open map
        assertEquals(List.of(new MapAction.FlushNoPaths("m", FlushOnLastDel.UNUSED, false)), MapDiff.forMap(null, open, d -> false, OPTS));
        assertEquals(List.of(new MapAction.FlushNoPaths("m", FlushOnLastDel.UNUSED, true)), MapDiff.forMap(null, open, d -> false, new DiffOptions(false, true)));
        assertEquals(List.of(new MapAction.Remove("m", false)), MapDiff.forMap(null, open, d -> false, new DiffOptions(true, true)));
        ObservedMap pending = have("m", 2048, "0 0 1 1 service-time 0 1 2 65:0 1 1", 2, true);
        assertEquals(List.of(), MapDiff.forMap(null, pending, d -> false, new DiffOptions(false, true)), "already deferred");
        ObservedMap closed = have("m", 2048, "0 0 1 1 service-time 0 1 2 65:0 1 1", 0, false);
        assertEquals(List.of(new MapAction.FlushNoPaths("m", FlushOnLastDel.UNUSED, true)), MapDiff.forMap(null, closed, d -> false, new DiffOptions(false, true)),
                "deferred_remove always sends the flag; the kernel removes a closed map at once");
    }

    @Test
    void wholeDiff() throws Exception {
        DesiredMap d = want(MapPolicy.defaults());
        Wwid other = Wwid.of("36001405bb");
        ObservedMap stale = new ObservedMap("old", other.mapUuid(), other, null,
                new DmTarget(0, 2048, "multipath", "0 0 1 1 service-time 0 1 2 65:0 1 1"),
                MultipathTable.parse("0 0 1 1 service-time 0 1 2 65:0 1 1"), null);
        List<MapAction> a = MapDiff.diff(List.of(d), List.of(stale), Set.of(DevT.parse("8:0"), DevT.parse("8:16")), OPTS);
        assertEquals(2, a.size());
        assertInstanceOf(MapAction.Create.class, a.get(0));
        assertEquals(new MapAction.FlushNoPaths("old", FlushOnLastDel.UNUSED, false), a.get(1));
    }
}
