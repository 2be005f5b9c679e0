package io.mpathvx.api;

import io.mpathvx.core.sim.SimulatedKernel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * WWIDs come from the configured uid_attribute (select_getuid(): uid_attrs > overrides > device entry > defaults),
 * so maps made by a multipathd that used it are the maps mpathvx wants, not new ones beside them.
 */
class UidAttributeSimTest {
    @RegisterExtension
    final SimDaemon running = new SimDaemon();
    private SimulatedKernel sim;
    private Daemon daemon;

    private Set<String> mapUuids(String conf) throws Exception {
        sim = SimulatedKernel.fromJson(new JsonObject("""
                {"udev": true, "hosts": [0, 1], "luns": [
                  {"wwid": "3600140500000000000000000000000c1", "vendor": "ACME", "product": "Brick",
                   "paths": [{"host": 0}, {"host": 1}]},
                  {"wwid": "3600140500000000000000000000000c2", "vendor": "OTHER", "product": "Box",
                   "paths": [{"host": 0, "target": 1}, {"host": 1, "target": 1}]}]}
                """));
        daemon = running.start(sim, "defaults {\n find_multipaths greedy\n}\n" + conf);
        daemon.idle().await();
        return sim.snapshot().stream().map(m -> m.uuid()).filter(u -> u != null && u.startsWith("mpath-"))
                .collect(Collectors.toSet());
    }

    @Test
    void theDefaultIsIdSerial() throws Exception {
        assertEquals(Set.of("mpath-3600140500000000000000000000000c1", "mpath-3600140500000000000000000000000c2"),
                mapUuids(""));
    }

    @Test
    void aDeviceEntrysUidAttributeIsUsedForItsDevicesOnly() throws Exception {
        // udev's ID_WWN for an NAA LUN is 0x + the first 16 hex digits (the sim gives both LUNs the same one, so
        // only one of them may use it)
        assertEquals(Set.of("mpath-0x6001405000000000", "mpath-3600140500000000000000000000000c2"), mapUuids("""
                devices {
                    device {
                        vendor "ACME"
                        product "Brick"
                        uid_attribute "ID_WWN"
                    }
                }
                """));
    }
}
