package io.mpathvx.reconciler;

import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.core.sim.DmCall;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.mpathvx.reconciler.exec.ActionExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.mpathvx.reconciler.ReconcilerSimTest.done;
import static org.junit.jupiter.api.Assertions.*;

/** group_by_prio with ALUA priorities read from sysfs (the simulated kernel's access_state / preferred_path). */
class ReconcilerAluaTest {
    private Vertx vertx;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    @Test
    void optimizedGroupFirstAndOnlyAPriorityChangeReloads() throws Exception {
        SimulatedKernel sim = SimulatedKernel.fromJson(new JsonObject().put("generate",
                new JsonObject().put("luns", 2).put("pathsPerLun", 4).put("hosts", new io.vertx.core.json.JsonArray(List.of(0, 1, 2, 3))).put("alua", true)));
        List<Path> paths = SimPaths.of(sim);
        MapPolicy policy = MapPolicy.defaults().withGrouping(PathGroupingPolicy.GROUP_BY_PRIO).withPrio("alua", "")
                .withFeatures(List.of(), List.of("alua"));
        Reconciler r = new Reconciler(vertx, vertx.getOrCreateContext(), sim, ActionExecutor.workerPool(vertx, "alua", 2),
                ReconcilerSettings.fixed(policy, FindMultipaths.OFF), PathProber.sysfs(sim), ReconcilerOptions.inMemory());
        done(r.start(paths));
        String map = paths.get(0).wwid().value();
        List<Path> lun0 = paths.stream().filter(p -> p.wwid().value().equals(map)).toList();
        MultipathTable t = MultipathTable.parse(sim.snapshot(map).orElseThrow().tableParams());
        assertEquals(2, t.groups().size());
        for (var tp : t.groups().get(0).paths()) {
            String name = lun0.stream().filter(p -> p.devt().equals(tp.devt())).findFirst().orElseThrow().name();
            assertEquals("active/optimized", sim.path(name).orElseThrow().alua());
        }
        var view = r.snapshot().maps().values().stream().filter(v -> v.wwid().value().equals(map)).findFirst().orElseThrow();
        assertEquals(List.of(50, 10), view.desired().groups().stream().map(g -> g.priority()).toList());

        // a path of the optimized group goes down: no reload (the state machine fails the path by message)
        sim.calls().reset();
        Path first = lun0.stream().filter(p -> sim.path(p.name()).orElseThrow().alua().equals("active/optimized")).findFirst().orElseThrow();
        r.onPaths(List.of(first.withState(PathState.DOWN)), List.of());
        done(r.idle());
        assertEquals(0, sim.calls().count(DmCall.TABLE_LOAD));

        // the array moves the optimized port group: priorities change, the group order is wrong now → one reload
        for (Path p : lun0) {
            boolean wasOptimized = sim.path(p.name()).orElseThrow().alua().equals("active/optimized");
            sim.setAlua(p.name(), wasOptimized ? "active/non-optimized" : "active/optimized", false);
        }
        r.onPaths(lun0, List.of());
        done(r.idle());
        assertEquals(1, sim.calls().count(DmCall.TABLE_LOAD));
        MultipathTable after = MultipathTable.parse(sim.snapshot(map).orElseThrow().tableParams());
        for (var tp : after.groups().get(0).paths()) {
            String name = lun0.stream().filter(p -> p.devt().equals(tp.devt())).findFirst().orElseThrow().name();
            assertEquals("active/optimized", sim.path(name).orElseThrow().alua());
        }
    }
}
