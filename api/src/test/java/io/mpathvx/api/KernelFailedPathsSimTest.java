package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.sim.DiskState;
import io.mpathvx.core.sim.PathInfo;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * A path the kernel fails on I/O is checked at once, not at its next polling interval (multipathd's
 * update_multipath() sets pp->tick = 1): with polling_interval 60 the checker's verdict follows within seconds.
 */
class KernelFailedPathsSimTest {
    @RegisterExtension
    final SimDaemon running = new SimDaemon();
    private SimulatedKernel sim;
    private Daemon daemon;

    private String checker(String path) {
        return daemon.snapshot().path(path).map(DaemonSnapshot.PathView::checkerState).orElse("");
    }

    private long checks() {
        return daemon.snapshot().counters().getOrDefault("checks", 0L);
    }

    @Test
    void aPathTheKernelFailedIsCheckedAtOnce() throws Exception {
        sim = new SimulatedKernel(SanTopology.generated(1, 2));
        var config = ConfigLoader.parse("""
                defaults {
                    polling_interval 60
                    find_multipaths greedy
                    path_grouping_policy multibus
                    no_path_retry queue
                }
                """, "test.conf").config();
        daemon = running.start(sim, config);
        String first = sim.paths().get(0).name(); // the first path scheduled is checked at once, the other 37 s later
        await().atMost(Duration.ofSeconds(20)).until(() -> checker(first).equals("UP"));
        String map = daemon.snapshot().path(first).orElseThrow().map();
        long before = checks();
        for (PathInfo p : sim.paths()) sim.setPathState(p.name(), DiskState.OFFLINE);
        sim.io(map); // the kernel fails the paths it tries
        // no regular check is due for 30 s or more: only the early one can come this soon
        await().atMost(Duration.ofSeconds(10)).until(() -> checks() > before);
    }
}
