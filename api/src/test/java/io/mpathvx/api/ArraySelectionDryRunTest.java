package io.mpathvx.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code mpathvx dry-run --json} on twelve real arrays described in a simulated topology (twelve-arrays.json: eleven
 * SCSI LUNs and one NVMe namespace, two paths each, ALUA/ANA arrays with an optimized and a non-optimized port group)
 * gives the pgpolicy, prio, checker, hwhandler, features and no_path_retry multipathd 0.14.3 selects. Each
 * expectation names the libmultipath/hwtable.c line of the entry (0.14.3) and the propsel.c rule that decides.
 */
class ArraySelectionDryRunTest {
    private static final String TOPOLOGY = "src/test/resources/io/mpathvx/api/twelve-arrays.json";
    /** The NVMe namespace's WWID (the kernel's wwid attribute, udev ID_WWN); the SCSI LUNs are numbered. */
    private static final int NVME = 11;
    private static final String NVME_WWID = "eui.00a098c0e7a5f00b";
    private static final String AUTO = "(setting: storage device autodetected)";
    private static final String HWE = "(setting: storage device configuration";   // + ", built-in table, file:line)"
    private static final String INTERNAL = "(setting: multipath internal)";
    private static final String RETAINED = "(setting: retained by kernel driver)";

    @TempDir
    static Path dir;
    private static final Map<String, JsonObject> MAPS = new HashMap<>();

    @BeforeAll
    static void dryRun() throws Exception {
        Path conf = dir.resolve("multipath.conf");
        Files.writeString(conf, "defaults {\n    find_multipaths greedy\n}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new String[]{"dry-run", "--sim", TOPOLOGY, "--config", conf.toString(), "--json"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        JsonArray maps = new JsonObject(out.toString(StandardCharsets.UTF_8)).getJsonArray("maps");
        for (int i = 0; i < maps.size(); i++) MAPS.put(maps.getJsonObject(i).getString("wwid"), maps.getJsonObject(i));
        assertEquals(12, MAPS.size(), out.toString(StandardCharsets.UTF_8));
    }

    /**
     * One row per array: name | LUN index in the topology | then value and origin of path_grouping_policy, prio,
     * checker, hardware_handler, features, no_path_retry. Origins: AUTO "storage device autodetected", HWE "storage
     * device configuration" (the built-in table), INTERNAL "multipath internal", RETAINED "retained by kernel driver".
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # hwtable.c:822 NETAPP/LUN: prio ontap, features "2 pg_init_retries 50", no_path_retry queue. ONTAP reports
            # implicit TPGS and no VPD page 0xC9, so detect_prio (on: the entry leaves it) picks sysfs over ontap and
            # detect_checker tur; every path has an ALUA prio, so detect_pgpolicy picks group_by_prio.
            NETAPP LUN      | 0 | group_by_prio | AUTO | sysfs | AUTO | tur | AUTO | 1 alua | RETAINED | 2 pg_init_retries 50 | HWE | queue | HWE
            # hwtable.c:1092 PURE/FlashArray: prio alua with detect_prio no, so alua stays (TPGS implicit: no
            # fallback); the entry sets no no_path_retry and no features.
            PURE FlashArray | 1 | group_by_prio | AUTO | alua | HWE | tur | AUTO | 1 alua | RETAINED | 0 | INTERNAL | undef | INTERNAL
            # hwtable.c:112 3PARdata/VV: prio alua, no_path_retry 18; detect_prio → sysfs (access_state readable).
            3PARdata VV     | 2 | group_by_prio | AUTO | sysfs | AUTO | tur | AUTO | 1 alua | RETAINED | 0 | INTERNAL | 18 | HWE
            # hwtable.c:343 ^DGC/^(RAID|DISK|VRAID): prio emc, checker emc_clariion, detect_checker no, no_path_retry
            # 300/5 = 60. No TPGS (PNR failover mode): no prio detection, emc is no ALUA prio so the entry's
            # group_by_prio stays; the kernel attached scsi_dh_emc (scsi_dh.c list) and it is retained.
            DGC VRAID       | 3 | group_by_prio | HWE | emc | HWE | emc_clariion | HWE | 1 emc | RETAINED | 0 | INTERNAL | 60 | HWE
            # hwtable.c:688 IBM/^2145: prio alua, no_path_retry queue; detect_prio → sysfs.
            IBM 2145        | 4 | group_by_prio | AUTO | sysfs | AUTO | tur | AUTO | 1 alua | RETAINED | 0 | INTERNAL | queue | HWE
            # hwtable.c:481 (HITACHI|HP|HPE)/^OPEN-: group_by_prio, no_path_retry 10, no prio. Without TPGS nothing is
            # detected: const and tur are the built-in defaults; no handler attached: "0".
            HITACHI OPEN-V  | 5 | group_by_prio | HWE | const | INTERNAL | tur | INTERNAL | 0 | INTERNAL | 0 | INTERNAL | 10 | HWE
            # hwtable.c:331 EMC/SYMMETRIX: multibus, no_path_retry 6.
            EMC SYMMETRIX   | 6 | multibus | HWE | const | INTERNAL | tur | INTERNAL | 0 | INTERNAL | 0 | INTERNAL | 6 | HWE
            # hwtable.c:378 DELL/^MD3: checker rdac, prio rdac, features "2 pg_init_retries 50", no_path_retry 30. With
            # implicit TPGS and "vac1" in VPD page 0xC9, check_rdac holds: detect_checker picks rdac, detect_prio alua
            # (detect_prio avoids sysfs on implicit-ALUA RDAC); the kernel attached scsi_dh_rdac.
            DELL MD36xx     | 7 | group_by_prio | AUTO | alua | AUTO | rdac | AUTO | 1 rdac | RETAINED | 2 pg_init_retries 50 | HWE | 30 | HWE
            # hwtable.c:1121 ^(HUAWEI|...)/XSG1: group_by_prio, no_path_retry 15, no prio; detect_prio → sysfs.
            HUAWEI XSG1     | 8 | group_by_prio | AUTO | sysfs | AUTO | tur | AUTO | 1 alua | RETAINED | 0 | INTERNAL | 15 | HWE
            # hwtable.c:1048 (LIO-ORG|SUSE)/.*: prio alua, checker directio, detect_checker no, no_path_retry 12. TPGS
            # both (LIO's default): detect_prio → sysfs; the checker stays the entry's directio.
            LIO-ORG         | 9 | group_by_prio | AUTO | sysfs | AUTO | directio | HWE | 1 alua | RETAINED | 0 | INTERNAL | 12 | HWE
            # no entry matches ACME/AluaBox: the defaults, except what TPGS makes multipathd detect.
            generic ALUA    | 10 | group_by_prio | AUTO | sysfs | AUTO | tur | AUTO | 1 alua | RETAINED | 0 | INTERNAL | undef | INTERNAL
            # hwtable.c:90 generic ^NVME/.*: checker none, group_by_prio; hwtable.c:859 NVME/^NetApp ONTAP Controller:
            # no_path_retry queue. detect_prio asks the controller (nvme_id_ctrl_ana: Identify Controller CMIC bit 3)
            # → ana; ana is no ALUA prio, so detect_pgpolicy leaves the entry's group_by_prio; detect_alua gives NVMe
            # TPGS_NONE and there is no SCSI device handler, so select_hwhandler keeps the default "0".
            NVME ONTAP      | 11 | group_by_prio | HWE | ana | AUTO | none | HWE | 0 | INTERNAL | 0 | INTERNAL | queue | HWE
            """)
    void dryRunSelectsWhatMultipathdSelects(String array, int index, String pgpolicy, String pgOrigin, String prio,
                                            String prioOrigin, String checker, String checkerOrigin, String hwhandler,
                                            String hwOrigin, String features, String featuresOrigin, String npr,
                                            String nprOrigin) {
        JsonObject m = map(index);
        String dump = array + ": " + m.encodePrettily();
        JsonObject s = m.getJsonObject("settings");
        setting(s.getJsonObject("path_grouping_policy"), pgpolicy, pgOrigin, dump);
        setting(s.getJsonObject("hardware_handler"), hwhandler, hwOrigin, dump);
        setting(s.getJsonObject("features"), features, featuresOrigin, dump);
        setting(s.getJsonObject("no_path_retry"), npr, nprOrigin, dump);
        JsonArray paths = m.getJsonArray("paths");
        assertEquals(2, paths.size(), dump);
        for (int i = 0; i < paths.size(); i++) {
            setting(paths.getJsonObject(i).getJsonObject("prio"), prio, prioOrigin, dump);
            setting(paths.getJsonObject(i).getJsonObject("checker"), checker, checkerOrigin, dump);
        }
    }

    @Test
    void aluaArraysGetOneGroupPerAccessStateOptimizedFirst() {
        JsonObject map = map(10);
        JsonArray paths = map.getJsonArray("paths");
        assertEquals(2, paths.size(), map.encodePrettily());
        assertEquals("sdk", paths.getJsonObject(0).getString("name"), map.encodePrettily());   // host 0: optimized
        assertEquals(50, paths.getJsonObject(0).getInteger("priority"));
        assertEquals(1, paths.getJsonObject(0).getInteger("group"));
        assertEquals(10, paths.getJsonObject(1).getInteger("priority"));
        assertEquals(2, paths.getJsonObject(1).getInteger("group"));
        assertTrue(map.getString("table").contains(" 1 alua 2 1 "), map.getString("table"));
    }

    @Test
    void nvmePathsAreGroupedByTheirAnaState() {
        JsonObject map = map(NVME);
        JsonArray paths = map.getJsonArray("paths");
        assertEquals("nvme0n1", paths.getJsonObject(0).getString("name"), map.encodePrettily());   // optimized
        assertEquals(50, paths.getJsonObject(0).getInteger("priority"));
        assertEquals(1, paths.getJsonObject(0).getInteger("group"));
        assertEquals("nvme1n1", paths.getJsonObject(1).getString("name"));                        // non-optimized
        assertEquals(10, paths.getJsonObject(1).getInteger("priority"));
        assertEquals(2, paths.getJsonObject(1).getInteger("group"));
        assertTrue(map.getString("table").contains(" 0 2 1 "), map.getString("table"));   // hwhandler 0, two groups
    }

    private static JsonObject map(int index) {
        JsonObject m = MAPS.get(index == NVME ? NVME_WWID : String.format("36%031x", 0xa0000 + index));
        assertEquals("create", m.getString("action"), m.encodePrettily());
        return m;
    }

    private static void setting(JsonObject s, String value, String origin, String dump) {
        String start = switch (origin) {
            case "AUTO" -> AUTO;
            case "HWE" -> HWE;
            case "INTERNAL" -> INTERNAL;
            case "RETAINED" -> RETAINED;
            default -> throw new IllegalArgumentException(origin);
        };
        assertEquals(value, s.getString("value"), dump);
        assertTrue(s.getString("origin").startsWith(start), s.getString("origin") + " in " + dump);
    }
}
