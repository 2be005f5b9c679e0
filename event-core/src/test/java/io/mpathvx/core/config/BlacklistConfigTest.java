package io.mpathvx.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Blacklist sections of a config file, and the built-in blacklist. */
class BlacklistConfigTest {

    private static PathFacts path(String dev, String wwid, List<String> props) {
        return new PathFacts(dev, wwid, "ACME", "FastArray", "scsi:fcp", props, "ID_SERIAL");
    }

    @Test
    void builtInBlacklistKeepsSdDevicesWithAnIdentity() {
        Blacklist b = MultipathConfig.defaults().blacklist();
        assertEquals(BlacklistResult.NOTHING, b.filterDevnode("sda"));
        assertEquals(BlacklistResult.NOTHING, b.filterDevnode("nvme0n1"));
        assertEquals(BlacklistResult.DEVNODE_BLIST, b.filterDevnode("loop0"));
        assertEquals(BlacklistResult.DEVNODE_BLIST, b.filterDevnode("dm-3"));
        // udev found an ID_WWN: excepted by the default property exception; the last (wwid) check decides
        assertEquals(BlacklistResult.NOTHING, b.filter(path("sdb", "3600", List.of("DEVNAME", "ID_WWN", "ID_SERIAL"))));
        // an identity (ID_SERIAL) but neither SCSI_IDENT_* nor ID_WWN: blacklisted as missing property
        assertEquals(BlacklistResult.PROPERTY_BLIST_MISSING,
                b.filter(path("sdb", "3600", List.of("DEVNAME", "ID_SERIAL"))));
        assertEquals(BlacklistResult.DEVNODE_BLIST, b.filter(path("vda", "3600", List.of("ID_WWN"))));
    }

    @Test
    void nativeNvmeMultipathLeavesNvmeToTheKernel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path main = java.nio.file.Files.writeString(dir.resolve("m.conf"), "defaults {\n}\n");
        assertEquals(BlacklistResult.NOTHING, ConfigLoader.load(main).config().blacklist().filterDevnode("nvme0n1"));
        Blacklist b = ConfigLoader.load(main, true).config().blacklist();
        assertEquals(BlacklistResult.DEVNODE_BLIST, b.filterDevnode("nvme0n1"));
        assertEquals(BlacklistResult.NOTHING, b.filterDevnode("sda"));
    }

    @Test
    void configRulesWithInversionLiteralBangAndExceptions() throws ConfigException {
        String text = """
                blacklist {
                  wwid ".*"
                  devnode "\\!odd"
                  protocol "scsi:usb"
                  property "ID_CDROM"
                  device {
                    vendor "ACME"
                    product "!^FastArray"
                  }
                }
                blacklist_exceptions {
                  wwid "^3600"
                  device {
                    vendor "ACME"
                    product "Special"
                  }
                }
                """;
        LoadedConfig lc = ConfigLoader.parse(text, "bl.conf");
        assertEquals(List.of(), lc.warnings());
        Blacklist b = lc.config().blacklist();
        assertEquals(BlacklistResult.WWID_BLIST_EXCEPT, b.filterWwid("36001"));
        assertEquals(BlacklistResult.WWID_BLIST, b.filterWwid("2eui"));
        // "\!odd" is a literal '!', not an inversion (sda... passes the default devnode rule)
        assertEquals(BlacklistResult.DEVNODE_BLIST, b.filterDevnode("sda!odd"));
        assertEquals(BlacklistResult.NOTHING, b.filterDevnode("sdaodd"));
        assertEquals(BlacklistResult.PROTOCOL_BLIST, b.filterProtocol("scsi:usb"));
        assertEquals(BlacklistResult.DEVICE_BLIST, b.filterDevice("ACME", "SlowArray"));
        assertEquals(BlacklistResult.NOTHING, b.filterDevice("ACME", "FastArray"));
        assertEquals(BlacklistResult.DEVICE_BLIST_EXCEPT, b.filterDevice("ACME", "Special"));
        assertEquals(BlacklistResult.PROPERTY_BLIST,
                b.filter(path("sdc", "36001", List.of("ID_CDROM", "ID_WWN"))));
        assertEquals(BlacklistResult.WWID_BLIST_EXCEPT, b.filter(path("sdc", "36001", List.of("ID_WWN"))));
    }

    @Test
    void productBlacklistOfADeviceEntryBlacklistsThatProduct() throws ConfigException {
        Blacklist b = ConfigLoader.parse("devices {\n device {\n vendor ACME\n product .*\n"
                + " product_blacklist \"Universal Xport\"\n }\n}\n", "p.conf").config().blacklist();
        assertEquals(BlacklistResult.DEVICE_BLIST, b.filterDevice("ACME", "Universal Xport"));
        assertEquals(BlacklistResult.NOTHING, b.filterDevice("ACME", "FastArray"));
    }

    @Test
    void posixBracketExpressionsAndLiteralBraces() {
        assertEquals(true, BlacklistRule.of("^sd[[:alpha:]]+$", Origin.BUILTIN).matches("sdab"));
        assertEquals(false, BlacklistRule.of("^sd[[:alpha:]]+$", Origin.BUILTIN).matches("sda1"));
        assertEquals(true, BlacklistRule.of("a[\\]b", Origin.BUILTIN).matches("a\\b"));
        assertEquals(true, BlacklistRule.of("[]x]", Origin.BUILTIN).matches("]"));
        assertEquals(true, BlacklistRule.of("x{y", Origin.BUILTIN).matches("x{y"));
        assertEquals(true, BlacklistRule.of("^a{2}$", Origin.BUILTIN).matches("aa"));
        assertEquals(false, BlacklistRule.of("a$", Origin.BUILTIN).matches("a\n"));
    }
}
