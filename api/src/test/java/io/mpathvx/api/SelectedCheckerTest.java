package io.mpathvx.api;

import io.mpathvx.core.config.MultipathConfig;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.DryRun;
import io.mpathvx.reconciler.PathProber;
import io.mpathvx.reconciler.desired.ConfigSettings;
import io.mpathvx.reconciler.desired.PathInfo;
import io.mpathvx.uevent.DiscoveredPath;
import io.mpathvx.uevent.PathDiscovery;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The daemon checks a path with the checker propsel selected for it, with the device's sysfs timeout. */
class SelectedCheckerTest {
    @Test
    void rdacArrayPathsGetTheDetectedRdacCheckerAndTheSysfsTimeout() throws Exception {
        SimulatedKernel k = new SimulatedKernel(SanTopology.load(
                Path.of("src/test/resources/io/mpathvx/api/twelve-arrays.json")));
        MultipathConfig config = MultipathConfig.defaults();
        ConfigSettings settings = new ConfigSettings(config);
        PathProber prober = PathProber.device(k, k, k, k);
        List<PathInfo> paths = new ArrayList<>();
        for (DiscoveredPath d : new PathDiscovery(k, new DaemonSettings(config).discovery()).scan()) {
            paths.add(prober.probe(d.path(), settings.forMap(d.path().wwid(), d.path())));
        }
        var plans = DryRun.plan(settings, paths, List.of(), io.mpathvx.reconciler.naming.Bindings.empty(),
                java.util.Set.of("3600000000000000000000000000a0007", "3600000000000000000000000000a0009"));
        var dell = plans.stream().filter(p -> p.wwid().value().endsWith("a0007")).findFirst().orElseThrow();
        // DELL MD36xx: detect_checker finds RDAC in VPD 0xC9 (hwtable.c:378 names rdac too); sysfs device/timeout 30
        assertEquals(new SelectedChecker("rdac", Duration.ofSeconds(30)), SelectedChecker.of(dell.desired(), "sdh"));
        var lio = plans.stream().filter(p -> p.wwid().value().endsWith("a0009")).findFirst().orElseThrow();
        // LIO: detect_checker no (hwtable.c:1048), the entry's directio
        assertEquals("directio", SelectedChecker.of(lio.desired(), "sdj").name());
        assertNull(SelectedChecker.of(dell.desired(), "sdj"));
        assertNull(SelectedChecker.of(null, "sdh"));
    }
}
