package io.mpathvx.reconciler;

import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.ScsiAddress;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.sim.DmCall;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.PathInfo;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class DryRunTest {
    private static PathInfo p(String name, String devt, String wwid, String hctl, int prio) {
        return PathInfo.of(new Path(name, DevT.parse(devt), Wwid.of(wwid), 2097152, "LIO-ORG", "disk", "4.0",
                ScsiAddress.parse(hctl), "", PathState.UP), prio);
    }

    @Test
    void printsCreateWithTheExactTableLikeMultipathD() {
        ReconcilerSettings s = ReconcilerSettings.fixed(MapPolicy.defaults().withGrouping(PathGroupingPolicy.GROUP_BY_PRIO)
                .withNaming(null, true), FindMultipaths.OFF);
        List<DryRun.PlannedMap> plan = DryRun.plan(s, List.of(p("sda", "8:0", "3600a", "0:0:0:0", 50),
                p("sdb", "8:16", "3600a", "1:0:0:0", 10), p("sdc", "8:32", "3600b", "0:0:0:1", 1)), List.of());
        assertEquals(2, plan.size());
        assertEquals("create", plan.get(0).action());
        assertEquals("mpatha", plan.get(0).name());
        assertEquals("mpathb", plan.get(1).name(), "names allocated in order within one dry run, nothing written");
        String text = DryRun.format(plan, false);
        assertEquals("""
                create: mpatha (3600a) undef LIO-ORG,disk
                size=1.0G features='0' hwhandler='0' wp=rw
                |-+- policy='service-time 0' prio=50 status=active
                | `- 0:0:0:0 sda 8:0 50 up
                `-+- policy='service-time 0' prio=10 status=enabled
                  `- 1:0:0:0 sdb 8:16 10 up
                table: 0 2097152 multipath 0 0 2 1 service-time 0 1 1 8:0 1 service-time 0 1 1 8:16 1
                create: mpathb (3600b) undef LIO-ORG,disk
                size=1.0G features='0' hwhandler='0' wp=rw
                `-+- policy='service-time 0' prio=1 status=active
                  `- 0:0:0:1 sdc 8:32 1 up
                table: 0 2097152 multipath 0 0 1 1 service-time 0 1 1 8:32 1
                """, text);
        JsonObject json = DryRun.toJson(plan);
        assertEquals("0 2097152 multipath 0 0 1 1 service-time 0 1 1 8:32 1",
                json.getJsonArray("maps").getJsonObject(1).getString("table"));
        assertEquals("create", json.getJsonArray("maps").getJsonObject(0).getString("action"));
    }

    @Test
    void againstASimulatedKernelItSeesWhatIsThereAndTouchesNothing() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(3, 2));
        List<Path> paths = SimPaths.of(sim);
        ReconcilerSettings s = ReconcilerSettings.fixed(MapPolicy.defaults().withGrouping(PathGroupingPolicy.MULTIBUS), FindMultipaths.OFF);
        List<PathInfo> infos = paths.stream().map(x -> PathInfo.of(x, 1)).toList();
        // the kernel already has LUN 0's map as wanted, LUN 1's with one path only, and a stale map
        List<DryRun.PlannedMap> first = DryRun.plan(s, infos, List.of());
        DmTarget t0 = first.get(0).desired().target();
        sim.create(first.get(0).name(), first.get(0).desired().uuid());
        sim.loadTable(first.get(0).name(), List.of(t0));
        sim.resume(first.get(0).name());
        DryRun.PlannedMap one = first.get(1);
        String partial = one.desired().table().format().replaceFirst(" 2 1 ", " 1 1 ").replaceFirst(" \\d+:\\d+ 1$", "");
        sim.create(one.name(), one.desired().uuid());
        sim.loadTable(one.name(), List.of(new DmTarget(0, one.desired().sizeSectors(), "multipath", partial)));
        sim.resume(one.name());
        sim.create("stale", "mpath-3600deadbeef");
        sim.loadTable("stale", List.of(new DmTarget(0, 2048, "multipath", "0 0 0 0")));
        sim.resume("stale");
        sim.calls().reset();

        List<DryRun.PlannedMap> plan = DryRun.plan(s, infos, DryRun.readKernel(sim));
        Map<String, String> actions = new java.util.TreeMap<>();
        for (DryRun.PlannedMap p : plan) actions.put(p.name(), p.action());
        assertEquals(Map.of(first.get(0).name(), "none", one.name(), "reload", first.get(2).name(), "create", "stale", "remove"), actions);
        for (DmCall c : List.of(DmCall.CREATE, DmCall.TABLE_LOAD, DmCall.RESUME, DmCall.SUSPEND, DmCall.REMOVE, DmCall.MESSAGE)) {
            assertEquals(0, sim.calls().count(c), c + " during dry run");
        }
        String text = DryRun.format(plan, false);
        assertTrue(text.contains("reload: " + one.name() + " (" + one.wwid() + ") dm-"), text);
        assertTrue(text.contains("remove: stale (3600deadbeef) dm-"), text);
        assertFalse(text.contains("none:"), text);
    }

    @Test
    void sizes() {
        assertEquals("1.0G", DryRun.size(2097152));
        assertEquals("100G", DryRun.size(209715200));
        assertEquals("512B", DryRun.size(1));
    }
}
