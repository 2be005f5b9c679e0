package io.mpathvx.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathvx.core.model.Wwid;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** multipathd's precedence: multipaths > overrides > devices (last match first) > defaults > built-in. */
class PrecedenceTest {
    private static final Wwid WWID = Wwid.of("3600a0b80000000000000000000000001");
    private static final DeviceIdentity ARRAY = new DeviceIdentity("ACME", "FastArray 9000", "0042", "scsi:fcp");

    private static MultipathConfig parse(String text) throws ConfigException {
        LoadedConfig lc = ConfigLoader.parse(text, "test.conf");
        assertEquals(java.util.List.of(), lc.warnings());
        return lc.config();
    }

    @Test
    void mapAttributeFromEachLayerInTurn() throws ConfigException {
        String defaults = "defaults {\n no_path_retry 1\n}\n";
        String device = "devices {\n device {\n  vendor ACME\n  product FastArray\n  no_path_retry 2\n }\n}\n";
        String overrides = "overrides {\n no_path_retry 3\n}\n";
        String multipaths = "multipaths {\n multipath {\n  wwid " + WWID + "\n  no_path_retry 4\n }\n}\n";

        assertEquals(NoPathRetry.UNDEF, MultipathConfig.defaults().forMap(WWID, ARRAY).noPathRetry().value());
        assertEquals(Origin.BUILTIN, MultipathConfig.defaults().forMap(WWID, ARRAY).noPathRetry().origin());

        Setting<NoPathRetry> s = parse(defaults).forMap(WWID, ARRAY).noPathRetry();
        assertEquals(NoPathRetry.retries(1), s.value());
        assertEquals("(setting: multipath.conf defaults section, test.conf:2)", s.origin().describe());

        s = parse(defaults + device).forMap(WWID, ARRAY).noPathRetry();
        assertEquals(NoPathRetry.retries(2), s.value());
        assertEquals(Origin.Source.DEVICES, s.origin().source());
        assertEquals("test.conf:8", s.origin().where());

        s = parse(defaults + device + overrides).forMap(WWID, ARRAY).noPathRetry();
        assertEquals(NoPathRetry.retries(3), s.value());
        assertEquals(Origin.Source.OVERRIDES, s.origin().source());

        // order in the file does not matter, only the section
        s = parse(multipaths + overrides + device + defaults).forMap(WWID, ARRAY).noPathRetry();
        assertEquals(NoPathRetry.retries(4), s.value());
        assertEquals(Origin.Source.MULTIPATHS, s.origin().source());

        // another WWID does not get the multipaths entry
        s = parse(multipaths + overrides).forMap(Wwid.of("other"), ARRAY).noPathRetry();
        assertEquals(NoPathRetry.retries(3), s.value());
    }

    @Test
    void pathAttributesIgnoreMultipathsAndFollowOverridesDevicesDefaults() throws ConfigException {
        String text = """
                defaults {
                  path_checker readsector0
                  uid_attribute ID_WWN
                }
                devices {
                  device {
                    vendor ACME
                    product .*
                    checker directio
                  }
                }
                """;
        PathSettings p = parse(text).forPath(ARRAY);
        assertEquals("directio", p.checker().value());
        assertEquals(Origin.Source.DEVICES, p.checker().origin().source());
        assertEquals("ID_WWN", p.uidAttribute().value());
        assertEquals(Origin.Source.DEFAULTS, p.uidAttribute().origin().source());
        assertEquals("const", p.prio().value());
        assertEquals(Origin.BUILTIN, p.prio().origin());

        PathSettings q = parse(text + "overrides {\n checker tur\n}\n").forPath(ARRAY);
        assertEquals("tur", q.checker().value());
        assertEquals("(setting: multipath.conf overrides section, test.conf:13)", q.checker().origin().describe());

        // a device that no entry matches gets the defaults
        assertEquals("readsector0", parse(text).forPath(new DeviceIdentity("OTHER", "X", null, null)).checker().value());
    }

    @Test
    void lastMatchingDeviceWinsPerAttributeAndEarlierOnesFillGaps() throws ConfigException {
        String text = """
                devices {
                  device {
                    vendor "^ACME"
                    product "FastArray"
                    path_grouping_policy group_by_prio
                    rr_min_io_rq 7
                  }
                  device {
                    vendor "AC"
                    product "Array 9"
                    path_grouping_policy multibus
                  }
                  device {
                    vendor "ACME"
                    product "SlowArray"
                    path_grouping_policy group_by_serial
                  }
                }
                """;
        MapSettings m = parse(text).forMap(WWID, ARRAY);
        assertEquals(PathGroupingPolicy.MULTIBUS, m.pathGroupingPolicy().value());
        assertEquals("test.conf:11", m.pathGroupingPolicy().origin().where());
        assertEquals(7, m.rrMinIoRq().value());
        assertEquals("test.conf:6", m.rrMinIoRq().origin().where());
    }

    @Test
    void userDeviceEntriesComeAfterTheBuiltInTable() throws ConfigException {
        // the built-in "(LIO-ORG|SUSE)" / ".*" entry (Linux-IO target)
        DeviceIdentity lio = new DeviceIdentity("LIO-ORG", "disk01", "4.0", "scsi:iscsi");
        MapSettings builtin = MultipathConfig.defaults().forMap(WWID, lio);
        assertEquals(PathGroupingPolicy.GROUP_BY_PRIO, builtin.pathGroupingPolicy().value());
        assertEquals(Origin.Source.HWTABLE, builtin.pathGroupingPolicy().origin().source());
        assertEquals(NoPathRetry.retries(12), builtin.noPathRetry().value());

        MapSettings user = parse("devices {\n device {\n vendor LIO-ORG\n product disk\n"
                + " path_grouping_policy failover\n }\n}\n").forMap(WWID, lio);
        assertEquals(PathGroupingPolicy.FAILOVER, user.pathGroupingPolicy().value());
        assertEquals(Origin.Source.DEVICES, user.pathGroupingPolicy().origin().source());
        // attributes the user entry does not set still come from the built-in entry
        assertEquals(NoPathRetry.retries(12), user.noPathRetry().value());
        assertEquals(Origin.Source.HWTABLE, user.noPathRetry().origin().source());
    }

    @Test
    void deviceRegexesAreUnanchoredAndRevisionMustMatchWhenGiven() throws ConfigException {
        MultipathConfig c = parse("devices {\n device {\n vendor CM\n product \"Array [0-9]+$\"\n"
                + " revision \"^00\"\n prio alua\n }\n}\n");
        assertEquals("alua", c.forPath(ARRAY).prio().value());
        assertEquals("const", c.forPath(new DeviceIdentity("ACME", "FastArray 9000", "1.0", null)).prio().value());
        assertEquals("const", c.forPath(new DeviceIdentity("ACME", "FastArray 9000x", "0042", null)).prio().value());
    }

    @Test
    void protocolOverridesComeBeforeGeneralOverridesForTimeouts() throws ConfigException {
        String text = """
                defaults {
                  fast_io_fail_tmo 15
                  dev_loss_tmo 30
                }
                overrides {
                  dev_loss_tmo infinity
                  protocol {
                    type scsi:iscsi
                    fast_io_fail_tmo off
                    dev_loss_tmo 60
                  }
                }
                """;
        MultipathConfig c = parse(text);
        PathSettings iscsi = c.forPath(new DeviceIdentity("ACME", "X", null, "scsi:iscsi"));
        assertEquals(OptionalInt.empty(), iscsi.fastIoFailTmo().value());
        assertEquals(OptionalLong.of(60), iscsi.devLossTmo().value());
        assertEquals(Origin.Source.OVERRIDES_PROTOCOL, iscsi.devLossTmo().origin().source());
        PathSettings fc = c.forPath(ARRAY);
        assertEquals(OptionalInt.of(15), fc.fastIoFailTmo().value());
        assertEquals(OptionalLong.of(ValueType.DEV_LOSS_INFINITY), fc.devLossTmo().value());
        assertEquals(Origin.Source.OVERRIDES, fc.devLossTmo().origin().source());
    }

    @Test
    void builtInDefaultsAreMultipathds() {
        MultipathConfig c = MultipathConfig.defaults();
        GlobalSettings g = c.globals();
        assertEquals(5, g.pollingInterval().value());
        assertEquals(20, g.maxPollingInterval().value());
        assertEquals(FindMultipaths.STRICT, g.findMultipaths().value());
        assertEquals("/etc/multipath/bindings", g.bindingsFile().value());
        assertEquals("/etc/multipath/wwids", g.wwidsFile().value());
        assertEquals("/etc/multipath/conf.d", g.configDir().value());
        assertEquals(false, g.userFriendlyNames().value());
        MapSettings m = c.forMap(WWID, ARRAY);
        assertEquals(PathGroupingPolicy.FAILOVER, m.pathGroupingPolicy().value());
        assertEquals("service-time 0", m.pathSelector().value());
        assertEquals("0", m.features().value());
        assertEquals("0", m.hardwareHandler().value());
        assertEquals(RrWeight.UNIFORM, m.rrWeight().value());
        assertEquals(1, m.rrMinIoRq().value());
        assertEquals(Failback.MANUAL, m.failback().value());
        assertEquals(FlushOnLastDel.UNUSED, m.flushOnLastDel().value());
        assertEquals(true, m.retainAttachedHwHandler().value());
        assertEquals(false, m.deferredRemove().value());
        assertEquals(QueueMode.UNDEF, m.queueMode().value());
        assertNull(m.alias().value());
        PathSettings p = c.forPath(ARRAY);
        assertEquals("tur", p.checker().value());
        assertEquals("ID_SERIAL", p.uidAttribute().value());
        assertEquals(true, p.detectPrio().value());
        assertEquals(true, p.detectChecker().value());
        assertEquals(OptionalInt.of(5), p.fastIoFailTmo().value());
        assertEquals(OptionalLong.empty(), p.devLossTmo().value());
        assertEquals(30, p.checkerTimeout(OptionalInt.empty()).value());
        assertEquals(45, p.checkerTimeout(OptionalInt.of(45)).value());
        assertEquals(Origin.Source.KERNEL_SYSFS, p.checkerTimeout(OptionalInt.of(45)).origin().source());
        // the built-in NVMe entry
        PathSettings nvme = c.forPath(new DeviceIdentity("NVME", "Some SSD", null, "nvme:pcie"));
        assertEquals("ID_WWN", nvme.uidAttribute().value());
        assertEquals("none", nvme.checker().value());
    }

    @Test
    void pollingIntervalsAreCompletedLikeMultipathd() throws ConfigException {
        GlobalSettings g = parse("defaults {\n polling_interval 10\n}\n").globals();
        assertEquals(10, g.pollingInterval().value());
        assertEquals(40, g.maxPollingInterval().value());
        assertEquals(Origin.Source.DERIVED, g.maxPollingInterval().origin().source());
        g = parse("defaults {\n max_polling_interval 30\n}\n").globals();
        assertEquals(7, g.pollingInterval().value());
        g = parse("defaults {\n max_polling_interval 3\n}\n").globals();
        assertEquals(1, g.pollingInterval().value());
        g = parse("defaults {\n polling_interval 50\n max_polling_interval 20\n}\n").globals();
        assertEquals(20, g.pollingInterval().value());
        g = parse("defaults {\n checker_timeout 12\n}\n").globals();
        assertEquals(OptionalInt.of(12), g.checkerTimeout().value());
    }

    @Test
    void featuresCarryQueueModeAndPgInitRetries() throws ConfigException {
        MapSettings m = parse("defaults {\n features \"4 queue_mode bio pg_init_retries 50\"\n}\n").forMap(WWID, ARRAY);
        assertEquals(QueueMode.BIO, m.queueMode().value());
        assertEquals(OptionalInt.of(50), m.pgInitRetries().value());
        assertEquals(Origin.Source.DEFAULTS, m.queueMode().origin().source());
    }

    @Test
    void configDirFilesAreReadInAlphabeticalOrderAfterTheMainFile(@TempDir Path dir) throws Exception {
        Path confd = Files.createDirectory(dir.resolve("conf.d"));
        Path main = dir.resolve("multipath.conf");
        Files.writeString(main, "defaults {\n config_dir \"" + confd + "\"\n polling_interval 1\n"
                + " path_selector \"queue-length 0\"\n}\n");
        Files.writeString(confd.resolve("20-b.conf"), "defaults {\n polling_interval 3\n}\n");
        Files.writeString(confd.resolve("10-a.conf"), "defaults {\n polling_interval 2\n rr_min_io_rq 9\n}\n");
        Files.writeString(confd.resolve("30-c.conf.disabled"), "defaults {\n polling_interval 99\n}\n");
        Files.writeString(confd.resolve("40-d.conf"), "defaults {\n config_dir /nowhere\n}\n");
        LoadedConfig lc = ConfigLoader.load(main);
        GlobalSettings g = lc.config().globals();
        assertEquals(3, g.pollingInterval().value());
        assertEquals(confd.resolve("20-b.conf") + ":2", g.pollingInterval().origin().where());
        MapSettings m = lc.config().forMap(WWID, ARRAY);
        assertEquals(9, m.rrMinIoRq().value());
        assertEquals("queue-length 0", m.pathSelector().value());
        assertEquals(1, lc.warnings().size(), lc.warnings().toString());
        assertTrue(lc.warnings().get(0).problem().contains("config_dir is only read from the main config file"));
        assertEquals(confd.toString(), g.configDir().value());
    }

    @Test
    void missingMainFileGivesBuiltInDefaultsAndAWarning(@TempDir Path dir) throws ConfigException {
        LoadedConfig lc = ConfigLoader.load(dir.resolve("absent.conf"));
        assertEquals(1, lc.warnings().size());
        assertEquals(dir.resolve("absent.conf") + ":0: file not found; using built-in defaults",
                lc.warnings().get(0).toString());
        assertEquals(5, lc.config().globals().pollingInterval().value());
    }

    @Test
    void shippedExampleLoadsWithoutWarningsAndReadsItsConfDir() throws ConfigException {
        LoadedConfig lc = ConfigLoader.load(Path.of("..", "examples", "multipath.conf"));
        assertEquals(java.util.List.of(), lc.warnings());
        MultipathConfig c = lc.config();
        assertEquals("db_data", c.forMap(Wwid.of("3600a098038303053453f463045727a41"), ARRAY).alias().value());
        assertEquals("db_logs", c.forMap(Wwid.of("3600a098038303053453f463045727a42"), ARRAY).alias().value());
        assertEquals(BlacklistResult.DEVNODE_BLIST, c.blacklist().filterDevnode("loop0"));
        DeviceIdentity sim = new DeviceIdentity("SIMSAN", "ARRAY-2", null, "scsi:iscsi");
        assertEquals(PathGroupingPolicy.GROUP_BY_PRIO, c.forMap(Wwid.of("x"), sim).pathGroupingPolicy().value());
        assertEquals(OptionalInt.of(10), c.forPath(sim).fastIoFailTmo().value());
    }
}
