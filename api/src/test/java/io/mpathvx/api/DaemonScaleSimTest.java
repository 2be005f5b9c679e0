package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.config.MultipathConfig;
import io.mpathvx.core.sim.DmCall;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The whole daemon at scale on the simulated kernel: behaviour that only shows with many maps. Every test here also
 * runs under {@code BlockedThreadGuard}: a Vert.x blocked-thread warning during a storm fails it.
 */
class DaemonScaleSimTest {
    private Vertx vertx;
    private SimulatedKernel sim;
    private Daemon daemon;

    private static MultipathConfig config(String text) throws Exception {
        return ConfigLoader.parse(text, "scale.conf").config();
    }

    @AfterEach
    void stop() {
        if (daemon != null) daemon.stop().await();
        if (vertx != null) vertx.close().await();
        if (sim != null) sim.close();
    }

    @Test
    void aHealthyAluaSanStartsWithoutASingleGroupSwitch() throws Exception {
        // 1,000 LUNs, each with an optimized and a non-optimized path: the optimized group is first in every table and
        // must stay active, whichever path's first check answers first.
        sim = new SimulatedKernel(SanTopology.parse(new JsonObject(
                "{\"generate\": {\"luns\": 1000, \"pathsPerLun\": 2, \"alua\": true}}")));
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        daemon = Daemon.start(vertx, KernelPorts.simulated(sim, "test"), config("""
                defaults {
                    polling_interval 1
                    find_multipaths no
                    path_grouping_policy group_by_prio
                    prio alua
                    failback immediate
                }
                """), ReconcilerOptions.inMemory()).await();
        await().atMost(Duration.ofMinutes(2)).until(() -> daemon.snapshot().mapCount() == 1000
                && daemon.snapshot().paths().stream().noneMatch(p -> p.checkerState().equals("UNCHECKED")));
        daemon.idle().await();
        assertEquals(0, sim.calls().count(DmCall.MESSAGE), "no switch_group, fail or reinstate on a healthy SAN");
    }

    @Test
    void tenThousandLunsArriveAndLeaveWithoutBlockingTheLoop() throws Exception {
        int luns = 10_000;
        SanTopology san = SanTopology.generated(luns, 2);
        sim = new SimulatedKernel(new SanTopology(false, SanTopology.DEFAULT_DM_MAJOR, 1 << 20, san.hosts(), List.of()));
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        daemon = Daemon.start(vertx, KernelPorts.simulated(sim, "test"), config("""
                defaults {
                    polling_interval 5
                    find_multipaths no
                    user_friendly_names yes
                }
                """), ReconcilerOptions.inMemory()).await();
        for (SanTopology.LunSpec lun : san.luns()) sim.addLun(lun);
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> daemon.snapshot().mapCount() == luns && daemon.snapshot().pathsInMaps() == 2 * luns);
        assertEquals(luns, sim.snapshot().size());
        for (SanTopology.LunSpec lun : san.luns()) sim.removeLun(lun.wwid());
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
                    .until(() -> daemon.snapshot().mapCount() == 0 && daemon.snapshot().pathCount() == 0);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("left: " + daemon.snapshot().counters() + " maps " + daemon.snapshot().maps().stream()
                    .limit(3).toList() + " paths " + daemon.snapshot().paths().stream().limit(3).toList()
                    + " kernel maps " + sim.snapshot().size(), e);
        }
        assertEquals(0, sim.snapshot().size(), "no map left in the kernel");
    }
}
