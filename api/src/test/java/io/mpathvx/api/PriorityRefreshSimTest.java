package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.core.sim.MapSnapshot;
import io.mpathvx.core.sim.SimulatedKernel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Priorities are read again after checks, as multipathd's checker loop does (check_path → update_mpp_prio): an ALUA
 * state change on the array, which sends the host no block uevent, reorders the map's path groups after the next
 * checks.
 */
class PriorityRefreshSimTest {
    @RegisterExtension
    final SimDaemon running = new SimDaemon();

    private static final String CONF = """
            defaults {
                polling_interval 1
                find_multipaths greedy
                failback %s
            }
            """;

    private static SimulatedKernel kernel() throws Exception {
        // a generic ALUA target (no built-in entry): detect_prio picks sysfs, detect_pgpolicy group_by_prio
        return SimulatedKernel.fromJson(new JsonObject("""
                {"luns": [{"wwid": "3600a0000000000000000000000000001", "vendor": "ACME", "product": "AluaBox",
                  "paths": [{"host": 0, "alua": "active/optimized"}, {"host": 1, "alua": "active/non-optimized"}]}]}"""));
    }

    /** The devices of each path group of the LUN's map, in table order. */
    private static List<List<DevT>> groups(SimulatedKernel sim) throws Exception {
        MapSnapshot m = sim.snapshot().stream().filter(s -> s.uuid() != null && s.uuid().startsWith("mpath-"))
                .findFirst().orElseThrow();
        return MultipathTable.parse(m.tableParams()).groups().stream()
                .map(g -> g.paths().stream().map(MultipathTable.TablePath::devt).toList()).toList();
    }

    @Test
    void anAluaStateChangeReordersTheGroupsAfterTheNextCheck() throws Exception {
        SimulatedKernel sim = kernel();
        running.start(sim, ConfigLoader.parse(CONF.formatted("immediate"), "test.conf").config());
        DevT sda = sim.path("sda").orElseThrow().devt();
        DevT sdb = sim.path("sdb").orElseThrow().devt();
        assertEquals(List.of(List.of(sda), List.of(sdb)), groups(sim));
        sim.setAlua("sda", "active/non-optimized", false);
        sim.setAlua("sdb", "active/optimized", false);
        await().atMost(Duration.ofSeconds(20)).until(() -> groups(sim).equals(List.of(List.of(sdb), List.of(sda))));
    }

    @Test
    void withManualFailbackTheMapIsLeftAsItIs() throws Exception {
        SimulatedKernel sim = kernel();
        Daemon daemon = running.start(sim, ConfigLoader.parse(CONF.formatted("manual"), "test.conf").config());
        DevT sda = sim.path("sda").orElseThrow().devt();
        DevT sdb = sim.path("sdb").orElseThrow().devt();
        sim.setAlua("sda", "active/non-optimized", false);
        sim.setAlua("sdb", "active/optimized", false);
        long checks = daemon.snapshot().counters().getOrDefault("checks", 0L);
        // both paths checked twice more: each check could have re-read a priority
        await().atMost(Duration.ofSeconds(20))
                .until(() -> daemon.snapshot().counters().getOrDefault("checks", 0L) >= checks + 4);
        assertEquals(List.of(List.of(sda), List.of(sdb)), groups(sim));
    }
}
