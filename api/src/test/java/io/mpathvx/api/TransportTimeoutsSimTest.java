package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.sim.SimulatedKernel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon writes fast_io_fail_tmo and dev_loss_tmo to the FC remote ports and recovery_tmo to the iSCSI sessions
 * of the paths in its maps (sysfs_set_scsi_tmo() from setup_map()), with overrides/protocol entries matched on the
 * real protocol; read back from the simulated kernel's sysfs.
 */
class TransportTimeoutsSimTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    final SimDaemon running = new SimDaemon();
    private SimulatedKernel sim;
    private Daemon daemon;

    private Optional<String> attr(String path) throws Exception {
        return sim.read(path);
    }

    @Test
    void timeoutsAreWrittenPerProtocolWithDevLossCoveringNoPathRetry() throws Exception {
        sim = SimulatedKernel.fromJson(new JsonObject("""
                {"hosts": [0, 1, 2, 3, 4], "luns": [
                  {"wwid": "3600140500000000000000000000000b1", "paths": [{"host": 0, "transport": "fc"}, {"host": 1, "transport": "fc"}]},
                  {"wwid": "3600140500000000000000000000000b2", "paths": [{"host": 2, "transport": "iscsi"}, {"host": 3, "transport": "iscsi"}]},
                  {"wwid": "3600140500000000000000000000000b3", "paths": [{"host": 4}, {"host": 4, "target": 1}]}]}
                """));
        var config = ConfigLoader.parse("""
                defaults {
                    polling_interval 5
                    find_multipaths greedy
                    no_path_retry 12
                    fast_io_fail_tmo 5
                }
                overrides {
                    protocol {
                        type "scsi:iscsi"
                        fast_io_fail_tmo 15
                    }
                }
                """, "test.conf").config();
        assertEquals("off", attr("class/fc_remote_ports/rport-0:0-0/fast_io_fail_tmo").orElseThrow(), "kernel default");
        daemon = running.start(sim, config);
        for (String rport : new String[] {"rport-0:0-0", "rport-1:0-0"}) {
            await().atMost(WAIT).until(() -> attr("class/fc_remote_ports/" + rport + "/dev_loss_tmo").orElse("").equals("66"));
            assertEquals("5", attr("class/fc_remote_ports/" + rport + "/fast_io_fail_tmo").orElseThrow());
        }
        for (String session : new String[] {"session3", "session4"}) {
            await().atMost(WAIT).until(() -> attr("class/iscsi_session/" + session + "/recovery_tmo").orElse("").equals("15"));
        }
        String pseudo = sim.paths().stream().filter(p -> p.wwid().endsWith("b3")).findFirst().orElseThrow().name();
        await().atMost(WAIT).until(() -> daemon.transportTimeouts(pseudo).isPresent());
        assertTrue(daemon.transportTimeouts(pseudo).orElseThrow().contains("unsupported for protocol scsi:unspec"),
                daemon.transportTimeouts(pseudo).orElseThrow());
    }
}
