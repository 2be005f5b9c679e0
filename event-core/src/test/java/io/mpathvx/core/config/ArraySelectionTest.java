package io.mpathvx.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathvx.core.model.Wwid;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Property selection (propsel.c of multipath-tools 0.14.3) rule by rule, on device facts given directly. The twelve
 * arrays, NVMe ONTAP among them, run end to end on the simulated kernel in api's ArraySelectionDryRunTest.
 */
class ArraySelectionTest {
    private static final Wwid WWID = Wwid.of("2eui0000000000000001");
    private static final MultipathConfig DEFAULTS = MultipathConfig.defaults();

    @Test
    void nvmeNetappOntap() {
        // hwtable.c:91 ^NVME/.* (uid ID_WWN, checker none, group_by_prio, failback immediate) and hwtable.c:860
        // NVME/^NetApp ONTAP Controller (no_path_retry queue). detect_prio on NVMe with ANA → ana; ana is no ALUA
        // prio, so detect_pgpolicy leaves the entry's group_by_prio; no TPGS and no SCSI handler → hwhandler "0".
        DeviceIdentity id = new DeviceIdentity("NVME", "NetApp ONTAP Controller", "9.14.1", "nvme:tcp");
        DeviceFacts nvme = new DeviceFacts(DeviceFacts.Bus.NVME, Tpgs.NONE, false, false, false, null, true);
        PathSelection p = DEFAULTS.selectPath(WWID, id, nvme);
        assertEquals("ana", p.prio().value());
        assertEquals(Origin.Source.AUTODETECTED, p.prio().origin().source());
        assertEquals("none", p.checker().value());
        assertEquals(Origin.Source.HWTABLE, p.checker().origin().source());
        MapSelection m = DEFAULTS.selectMap(WWID, id, List.of(p, p));
        assertEquals(PathGroupingPolicy.GROUP_BY_PRIO, m.pathGroupingPolicy().value());
        assertEquals(Origin.Source.HWTABLE, m.pathGroupingPolicy().origin().source());
        assertEquals("0", m.hardwareHandler().value());
        assertEquals(Origin.BUILTIN, m.hardwareHandler().origin());
        assertEquals("0", m.features().value());
        assertEquals(NoPathRetry.QUEUE, m.noPathRetry().value());
        assertEquals(Origin.Source.HWTABLE, m.noPathRetry().origin().source());
        assertEquals("ID_WWN", DEFAULTS.forPath(id).uidAttribute().value());
    }

    @Test
    void aluaOnADeviceWithoutTpgsFallsBackToConst() {
        // propsel.c select_prio: "emergency fallback - alua failed"
        DeviceIdentity pure = new DeviceIdentity("PURE", "FlashArray", "1", "scsi:fcp");
        PathSelection p = DEFAULTS.selectPath(WWID, pure, scsi(Tpgs.NONE, false, null));
        assertEquals("const", p.prio().value());
        assertEquals("(setting: emergency fallback - alua failed)", p.prio().origin().describe());
        assertEquals("tur", p.checker().value());
        assertEquals(Origin.BUILTIN, p.checker().origin());
    }

    @Test
    void explicitTpgsOnAnRdacArrayUsesSysfs() {
        // detect_prio: (tpgs == TPGS_EXPLICIT || !check_rdac) && access_state readable → sysfs
        DeviceIdentity md = new DeviceIdentity("DELL", "MD3860f", "1", "scsi:fcp");
        DeviceFacts rdac = new DeviceFacts(DeviceFacts.Bus.SCSI, Tpgs.EXPLICIT, true, true, true, "rdac", false);
        assertEquals("sysfs", DEFAULTS.selectPath(WWID, md, rdac).prio().value());
        assertEquals("rdac", DEFAULTS.selectPath(WWID, md, rdac).checker().value());
        // without TPGS: no detection for prio (the entry's rdac), rdac checker still detected from page 0xC9
        DeviceFacts old = new DeviceFacts(DeviceFacts.Bus.SCSI, Tpgs.NONE, true, true, false, "rdac", false);
        assertEquals("rdac", DEFAULTS.selectPath(WWID, md, old).prio().value());
        assertEquals(Origin.Source.HWTABLE, DEFAULTS.selectPath(WWID, md, old).prio().origin().source());
    }

    @Test
    void tpgsDecidesBetweenNoHandlerAndAlua() throws ConfigException {
        DeviceIdentity acme = new DeviceIdentity("ACME", "Box", "1", "scsi:fcp");
        // all paths ALUA, no handler attached (dh_state detached), nothing configured → "1 alua" from TPGS
        PathSelection alua = DEFAULTS.selectPath(WWID, acme, scsi(Tpgs.IMPLICIT, true, "detached"));
        MapSelection m = DEFAULTS.selectMap(WWID, acme, List.of(alua, alua));
        assertEquals("1 alua", m.hardwareHandler().value());
        assertEquals("(setting: autodetected from TPGS)", m.hardwareHandler().origin().describe());
        // one path without TPGS: a configured "1 alua" is dropped
        MultipathConfig c = ConfigLoader.parse("devices {\n device {\n vendor ACME\n product Box\n"
                + " hardware_handler \"1 alua\"\n }\n}\n", "t.conf").config();
        PathSelection none = c.selectPath(WWID, acme, scsi(Tpgs.NONE, false, "detached"));
        MapSelection mixed = c.selectMap(WWID, acme, List.of(c.selectPath(WWID, acme,
                scsi(Tpgs.IMPLICIT, true, "detached")), none));
        assertEquals("0", mixed.hardwareHandler().value());
        assertEquals(Origin.Source.TPGS, mixed.hardwareHandler().origin().source());
    }

    @Test
    void queueIfNoPathInFeaturesBecomesNoPathRetryQueue() throws ConfigException {
        // propsel.c reconcile_features_with_options
        MultipathConfig c = ConfigLoader.parse("defaults {\n features \"3 queue_if_no_path pg_init_retries 5\"\n}\n",
                "t.conf").config();
        DeviceIdentity acme = new DeviceIdentity("ACME", "Box", "1", "scsi:fcp");
        MapSelection m = c.selectMap(WWID, acme, List.of(c.selectPath(WWID, acme, scsi(Tpgs.NONE, false, null))));
        assertEquals(NoPathRetry.QUEUE, m.noPathRetry().value());
        assertEquals(Origin.Source.FEATURE, m.noPathRetry().origin().source());
        assertEquals("2 pg_init_retries 5", m.features().value());
        assertTrue(m.features().origin().describe().startsWith("(setting: multipath.conf defaults section"));
    }

    private static DeviceFacts scsi(Tpgs tpgs, boolean accessState, String dh) {
        return new DeviceFacts(DeviceFacts.Bus.SCSI, tpgs, false, false, accessState, dh, false);
    }

    @Test
    void marginalPathgroupsTakesOnOffAndRefusesFpin() throws ConfigException {
        assertEquals(true, ConfigLoader.parse("defaults {\n marginal_pathgroups on\n}\n", "t.conf").config()
                .globals().marginalPathgroups().value());
        assertEquals(false, DEFAULTS.globals().marginalPathgroups().value());
        LoadedConfig fpin = ConfigLoader.parse("defaults {\n marginal_pathgroups fpin\n}\n", "t.conf");
        assertEquals(1, fpin.warnings().size());
        assertTrue(fpin.warnings().get(0).toString().startsWith("t.conf:2:"), fpin.warnings().toString());
        assertTrue(fpin.warnings().get(0).toString().contains("fpin"), fpin.warnings().toString());
        assertEquals(false, fpin.config().globals().marginalPathgroups().value());
    }
}
