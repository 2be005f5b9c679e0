package io.mpathvx.uevent;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.config.MultipathConfig;
import io.mpathvx.core.sim.SimulatedKernel;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Discovery's pathinfo(DI_BLACKLIST) checks on the simulated kernel: the protocol read from the device's place in
 * sysfs (discovery.c sysfs_get_tgt_nodename(), structs.c protocol_name[]), USB skipped unless allow_usb_devices,
 * property, vendor/product and protocol rules of the configured blacklist.
 */
class PathFilterTest {
    private static SimulatedKernel sim(boolean udev) throws Exception {
        return SimulatedKernel.fromJson(new JsonObject("""
                {"udev": %s, "hosts": [0, 1, 2, 3, 4], "luns": [
                  {"wwid": "3600140500000000000000000000000a1", "paths": [{"host": 0}]},
                  {"wwid": "3600140500000000000000000000000a2", "vendor": "ACME", "product": "Brick",
                   "paths": [{"host": 1, "transport": "fc"}]},
                  {"wwid": "3600140500000000000000000000000a3", "paths": [{"host": 2, "transport": "iscsi"}]},
                  {"wwid": "3600140500000000000000000000000a4", "paths": [{"host": 3, "transport": "sas"}]},
                  {"wwid": "1ACME_USB_STICK_1234", "paths": [{"host": 4, "transport": "usb"}]}]}
                """.formatted(udev)));
    }

    private static PathDiscovery discovery(SimulatedKernel k, String conf) throws Exception {
        MultipathConfig c = ConfigLoader.parse(conf, "test.conf").config();
        return new PathDiscovery(k, new PathDiscovery.Config(DevnodeFilter.of(c.blacklist()), WwidSource.AUTO,
                UidAttributes.NONE, PathFilter.of(c.blacklist(), c.globals().allowUsbDevices().value()), null));
    }

    /** wwid → protocol of every path discovery keeps. */
    private static Map<String, String> kept(SimulatedKernel k, PathDiscovery d) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (DiscoveredPath p : d.scan()) out.put(p.path().wwid().value(), p.protocol());
        return out;
    }

    @Test
    void protocolsFromSysfsAndUsbSkippedByDefault() throws Exception {
        try (SimulatedKernel k = sim(false)) {
            assertEquals(Map.of(
                    "3600140500000000000000000000000a1", "scsi:unspec",
                    "3600140500000000000000000000000a2", "scsi:fcp",
                    "3600140500000000000000000000000a3", "scsi:iscsi",
                    "3600140500000000000000000000000a4", "scsi:sas"), kept(k, discovery(k, "")), "the USB disk is skipped");
            assertEquals("scsi:usb", kept(k, discovery(k, "defaults {\n allow_usb_devices yes\n}\n")).get("1ACME_USB_STICK_1234"));
        }
    }

    @Test
    void protocolAndDeviceRulesWithTheirExceptions() throws Exception {
        try (SimulatedKernel k = sim(false)) {
            var kept = kept(k, discovery(k, """
                    blacklist {
                        protocol "scsi:(fcp|sas)"
                        device {
                            vendor "ACME"
                        }
                    }
                    blacklist_exceptions {
                        protocol "scsi:sas"
                    }
                    """));
            assertEquals(java.util.Set.of("3600140500000000000000000000000a1", "3600140500000000000000000000000a3",
                    "3600140500000000000000000000000a4"), kept.keySet());
        }
    }

    @Test
    void propertyRulesSeeUdevsPropertiesAndTheBuiltInException() throws Exception {
        try (SimulatedKernel k = sim(true)) {
            String usbAllowed = "defaults {\n allow_usb_devices yes\n}\n";
            assertEquals(5, kept(k, discovery(k, usbAllowed)).size(), "SCSI_IDENT_* is excepted by default");
            var kept = kept(k, discovery(k, usbAllowed + "blacklist {\n property \"ID_USB_\"\n}\n"));
            assertEquals(4, kept.size());
            assertNull(kept.get("1ACME_USB_STICK_1234"), "blacklisted by its ID_USB_DRIVER property");
            // a configured exception list is added to the built-in (SCSI_IDENT_|ID_WWN) one, which still keeps them all
            assertEquals(5, kept(k, discovery(k, usbAllowed + "blacklist_exceptions {\n property \"NO_SUCH\"\n}\n")).size());
        }
    }

    @Test
    void withoutUdevPropertyRulesDoNotApply() throws Exception {
        try (SimulatedKernel k = sim(false)) {
            assertTrue(kept(k, discovery(k, "blacklist {\n property \"ID_\"\n}\n")).size() == 4,
                    "filter_property() without a udev device: MATCH_NOTHING");
        }
    }
}
