package io.mpathvx.api;

import io.mpathvx.core.sim.SimulatedKernel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The daemon applies pathinfo(DI_BLACKLIST)'s checks to what it discovers (libmultipath/discovery.c pathinfo()):
 * a USB disk (allow_usb_devices no), a device excluded by a udev property rule or by its transport protocol gets no
 * map; the rest are multipathed as usual.
 */
class PathBlacklistSimTest {
    private static final String PLAIN = "3600140500000000000000000000000a1";
    private static final String FC = "3600140500000000000000000000000a2";
    private static final String USB = "1ACME_USB_STICK_1234";

    @RegisterExtension
    final SimDaemon running = new SimDaemon();
    private SimulatedKernel sim;
    private Daemon daemon;

    private Set<String> mapsWith(String conf) throws Exception {
        sim = SimulatedKernel.fromJson(new JsonObject("""
                {"udev": true, "hosts": [0, 1, 2, 3], "luns": [
                  {"wwid": "%s", "paths": [{"host": 0}, {"host": 1}]},
                  {"wwid": "%s", "paths": [{"host": 2, "transport": "fc"}, {"host": 3, "transport": "fc"}]},
                  {"wwid": "%s", "paths": [{"host": 0, "target": 5, "transport": "usb"}]}]}
                """.formatted(PLAIN, FC, USB)));
        daemon = running.start(sim, "defaults {\n find_multipaths greedy\n}\n" + conf);
        daemon.idle().await();
        return sim.snapshot().stream().filter(m -> m.uuid() != null && m.uuid().startsWith("mpath-"))
                .map(m -> m.uuid().substring("mpath-".length())).collect(Collectors.toSet());
    }

    @Test
    void aUsbDiskGetsNoMapUnlessAllowed() throws Exception {
        assertEquals(Set.of(PLAIN, FC), mapsWith(""));
    }

    @Test
    void aUsbDiskAllowedButExcludedByAUdevPropertyGetsNoMap() throws Exception {
        assertEquals(Set.of(PLAIN, FC), mapsWith("""
                defaults {
                    allow_usb_devices yes
                }
                blacklist {
                    property "ID_USB_"
                }
                """));
    }

    @Test
    void allowedUsbDiskIsMultipathed() throws Exception {
        assertEquals(Set.of(PLAIN, FC, USB), mapsWith("defaults {\n allow_usb_devices yes\n}\n"));
    }

    @Test
    void aProtocolRuleExcludesTheFibreChannelLun() throws Exception {
        assertEquals(Set.of(PLAIN), mapsWith("blacklist {\n protocol \"scsi:fcp\"\n}\n"));
    }
}
