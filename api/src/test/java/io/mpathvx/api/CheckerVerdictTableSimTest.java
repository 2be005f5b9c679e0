package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.core.sim.DiskState;
import io.mpathvx.core.sim.PathInfo;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Checker verdicts reach the table: a map built again while paths are down orders its groups by the paths that work,
 * as multipathd's path_group_prio_update (priority averaged over UP and GHOST paths) and sort_pathgroups do.
 */
class CheckerVerdictTableSimTest {
    private static final String W = "36001405aaaaaaaaaaaaaaaaaaaaaaaa1";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String CONFIG = """
            defaults {
                polling_interval 1
                find_multipaths greedy
                path_grouping_policy group_by_prio
                prio alua
                failback manual
                no_path_retry queue
            }
            """;

    @RegisterExtension
    final SimDaemon running = new SimDaemon();

    @Test
    void aTableBuiltWhileTheOptimizedPathsAreDownPutsTheWorkingGroupFirst() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.parse(new JsonObject("""
                {"hosts": [0, 1, 2, 3], "luns": [{"wwid": "%s", "sizeMb": 64, "paths": [
                  {"host": 0, "alua": "active/optimized"}, {"host": 1, "alua": "active/optimized"},
                  {"host": 2, "alua": "active/non-optimized"}, {"host": 3, "alua": "active/non-optimized"}]}]}
                """.formatted(W))));
        Daemon daemon = running.start(sim, CONFIG);
        List<PathInfo> down = sim.paths().stream().filter(p -> p.alua().equals("active/optimized")).toList();
        Set<String> optimized = devts(down);
        Set<String> nonOptimized = devts(sim.paths().stream().filter(p -> !down.contains(p)).toList());
        await().atMost(WAIT).until(() -> firstGroup().equals(optimized));

        for (PathInfo p : down) sim.setPathState(p.name(), DiskState.OFFLINE);
        await().atMost(WAIT).until(() -> down.stream().allMatch(p ->
                daemon.snapshot().path(p.name()).map(v -> v.checkerState().equals("DOWN")).orElse(false)));
        // a reload for another reason: the new table is built with what the checkers found
        daemon.reconfigure(ConfigLoader.parse(CONFIG + """
                multipaths {
                    multipath {
                        wwid %s
                        path_selector "round-robin 0"
                    }
                }
                """.formatted(W), "t.conf").config()).await();
        await().atMost(WAIT).until(() -> table().groups().get(0).selector().equals("round-robin"));
        assertEquals(nonOptimized, firstGroup(), "the group whose paths work comes first");
    }

    private static Set<String> devts(List<PathInfo> paths) {
        return paths.stream().map(p -> p.devt().toString()).collect(Collectors.toSet());
    }

    private MultipathTable table() throws Exception {
        var map = running.daemon().snapshot().map(W).orElseThrow();
        return map.table();
    }

    private Set<String> firstGroup() throws Exception {
        var map = running.daemon().snapshot().map(W);
        if (map.isEmpty() || map.get().table() == null) return Set.of();
        return map.get().table().groups().get(0).paths().stream().map(p -> p.devt().toString()).collect(Collectors.toSet());
    }
}
