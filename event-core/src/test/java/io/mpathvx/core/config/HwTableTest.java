package io.mpathvx.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathvx.core.model.Wwid;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The built-in table against multipath-tools 0.14.3's libmultipath/hwtable.c ("line N" below is the
 * line of the entry's .vendor there), and the rules by which entries apply to a path.
 */
class HwTableTest {
    private static final Wwid WWID = Wwid.of("36001405aaaaaaaaaaaaaaaaaaaaaaaa1");
    private static final PathGroupingPolicy GROUP_BY_PRIO = PathGroupingPolicy.GROUP_BY_PRIO;
    private static final Failback IMMEDIATE = Failback.IMMEDIATE;
    private static final NoPathRetry QUEUE = NoPathRetry.QUEUE;
    private static final String RDAC_FEATURES = "2 pg_init_retries 50";
    private static final OptionalLong INFINITY = OptionalLong.of(0xffffffffL);

    @Test
    void holdsEveryUpstreamEntryOnceInUpstreamOrder() {
        // hwtable.c default_hw[] of 0.14.3 has 137 entries before the NULL end marker
        assertEquals(137, HwTable.ENTRIES.size());
        Set<String> seen = new HashSet<>();
        for (DeviceEntry e : HwTable.ENTRIES) {
            assertTrue(e.builtin());
            // upstream's store_hwe would drop a second entry written alike
            assertTrue(seen.add(text(e, "vendor") + "/" + text(e, "product") + "/" + text(e, "revision")),
                    "duplicate " + text(e, "vendor") + " " + text(e, "product"));
        }
        // first and last entries: line 91 "Generic NVMe", line 1433 VAST Data NVMe
        assertEquals("^NVME", text(HwTable.ENTRIES.get(0), "vendor"));
        assertEquals("VASTData", text(HwTable.ENTRIES.get(136), "product"));
    }

    @Test
    void entriesCarryUpstreamsSettingsFieldByField() {
        // line 91, Generic NVMe
        expect("^NVME", ".*", "uid_attribute", "ID_WWN", "path_checker", "none",
                "path_grouping_policy", GROUP_BY_PRIO, "failback", IMMEDIATE);
        // line 112, HPE 3PAR / Primera / Alletra 9000
        expect("3PARdata", "VV", "path_grouping_policy", GROUP_BY_PRIO, "failback", IMMEDIATE, "prio", "alua",
                "no_path_retry", NoPathRetry.retries(18), "fast_io_fail_tmo", OptionalInt.of(10), "dev_loss_tmo", INFINITY,
                "vpd_vendor", "hp3par");
        // line 131, DEC HSG80 (hp_sw checker and prio)
        expect("DEC", "HSG80", "no_path_retry", QUEUE, "path_grouping_policy", GROUP_BY_PRIO,
                "path_checker", "hp_sw", "prio", "hp_sw");
        // line 249, SGI Total Performance family (RDAC)
        expect("SGI", "TP9[3457]00", "product_blacklist", "Universal Xport", "path_grouping_policy", GROUP_BY_PRIO,
                "path_checker", "rdac", "features", RDAC_FEATURES, "prio", "rdac", "failback", IMMEDIATE,
                "no_path_retry", NoPathRetry.retries(30));
        // line 330, EMC Symmetrix / VMAX / PowerMax
        expect("EMC", "SYMMETRIX", "path_grouping_policy", PathGroupingPolicy.MULTIBUS, "no_path_retry", NoPathRetry.retries(6));
        // line 343, DGC CLARiiON / VNX / Unity: no_path_retry 300 / DEFAULT_CHECKINT (5) = 60
        expect("^DGC", "^(RAID|DISK|VRAID)", "product_blacklist", "LUNZ", "path_grouping_policy", GROUP_BY_PRIO,
                "failback", IMMEDIATE, "no_path_retry", NoPathRetry.retries(60), "path_checker", "emc_clariion", "prio", "emc",
                "detect_checker", false);
        // line 377, DELL MD Series (MD36xx and the others)
        expect("DELL", "^MD3", "product_blacklist", "Universal Xport", "path_grouping_policy", GROUP_BY_PRIO,
                "path_checker", "rdac", "features", RDAC_FEATURES, "prio", "rdac", "failback", IMMEDIATE,
                "no_path_retry", NoPathRetry.retries(30));
        // line 389, DellEMC PowerStore
        expect("DellEMC", "PowerStore", "path_grouping_policy", GROUP_BY_PRIO, "prio", "alua",
                "failback", IMMEDIATE, "no_path_retry", NoPathRetry.retries(3), "fast_io_fail_tmo", OptionalInt.of(15));
        // line 429, FUJITSU ETERNUS family
        expect("FUJITSU", "ETERNUS_DX(H|L|M|400|8000)", "path_grouping_policy", GROUP_BY_PRIO,
                "failback", IMMEDIATE, "no_path_retry", NoPathRetry.retries(10), "prio", "alua");
        // line 481, HITACHI USP-V / HUS VM / VSP / HPE XP
        expect("(HITACHI|HP|HPE)", "^OPEN-", "path_grouping_policy", GROUP_BY_PRIO, "failback", IMMEDIATE,
                "no_path_retry", NoPathRetry.retries(10));
        // line 489, HITACHI AMS other than AMS 2000
        expect("HITACHI", "^DF", "no_path_retry", QUEUE, "path_grouping_policy", GROUP_BY_PRIO,
                "failback", IMMEDIATE, "prio", "hds");
        // line 504, HITACHI VSP One SDS Block
        expect("HITACHI", "Hi-SDS", "path_grouping_policy", GROUP_BY_PRIO, "failback", IMMEDIATE,
                "no_path_retry", NoPathRetry.retries(6), "prio", "alua", "path_checker", "directio", "detect_checker", false);
        // line 687, IBM 2145 (Storwize / SVC / FlashSystem)
        expect("IBM", "^2145", "no_path_retry", QUEUE, "path_grouping_policy", GROUP_BY_PRIO,
                "failback", IMMEDIATE, "prio", "alua");
        // line 702, IBM PAV DASD ECKD
        expect("IBM", "S/390 DASD ECKD", "product_blacklist", "S/390 DASD ECKD", "uid_attribute", "ID_UID",
                "no_path_retry", QUEUE, "path_grouping_policy", PathGroupingPolicy.MULTIBUS, "path_checker", "directio");
        // line 740, IBM XIV / FlashSystem A9000: failback 15 seconds
        expect("(XIV|IBM)", "(NEXTRA|2810XIV)", "no_path_retry", QUEUE, "path_grouping_policy", GROUP_BY_PRIO,
                "failback", Failback.deferred(15));
        // line 754, IBM FlashSystem (RamSan) NVMe: NO_PATH_RETRY_FAIL
        expect("NVME", "FlashSystem", "no_path_retry", NoPathRetry.FAIL);
        // line 774, AIX VDASD
        expect("AIX", "VDASD", "path_grouping_policy", PathGroupingPolicy.MULTIBUS, "no_path_retry", NoPathRetry.retries(60));
        // line 822, NETAPP ONTAP FAS/AFF/ASA LUN
        expect("NETAPP", "LUN", "features", RDAC_FEATURES, "no_path_retry", QUEUE,
                "path_grouping_policy", GROUP_BY_PRIO, "failback", IMMEDIATE, "flush_on_last_del", FlushOnLastDel.ALWAYS,
                "dev_loss_tmo", INFINITY, "prio", "ontap", "user_friendly_names", false);
        // line 860, NetApp ONTAP NVMe
        expect("NVME", "^NetApp ONTAP Controller", "no_path_retry", QUEUE);
        // line 1048, Linux-IO (LIO) target
        expect("(LIO-ORG|SUSE)", ".*", "path_grouping_policy", GROUP_BY_PRIO, "failback", IMMEDIATE,
                "no_path_retry", NoPathRetry.retries(12), "prio", "alua", "path_checker", "directio", "detect_checker", false);
        // line 1092, PURE FlashArray (its max_sectors_kb 4096 is not copied by 0.14.3's store_hwe)
        expect("PURE", "FlashArray", "path_grouping_policy", GROUP_BY_PRIO, "failback", IMMEDIATE,
                "prio", "alua", "detect_prio", false, "fast_io_fail_tmo", OptionalInt.of(10));
        // line 1120, HUAWEI OceanStor V3 or better (XSG1)
        expect("^(HUAWEI|AnyStor|Marstor|NETPOSA|SanM|SUGON|UDsafe)", "XSG1", "path_grouping_policy",
                GROUP_BY_PRIO, "failback", IMMEDIATE, "no_path_retry", NoPathRetry.retries(15));
        // line 1128, HUAWEI OceanStor NVMe
        expect("NVME", "Huawei-XSG1", "no_path_retry", NoPathRetry.retries(12));
        // line 1146, Infinidat InfiniBox
        expect("NFINIDAT", "InfiniBox", "path_grouping_policy", GROUP_BY_PRIO, "failback", IMMEDIATE,
                "prio", "alua", "no_path_retry", QUEUE, "flush_on_last_del", FlushOnLastDel.ALWAYS,
                "fast_io_fail_tmo", OptionalInt.of(15), "dev_loss_tmo", INFINITY, "detect_prio", false);
        // line 1206, VIOLIN 3000 / 6000 Series
        expect("VIOLIN", "SAN ARRAY$", "path_grouping_policy", PathGroupingPolicy.GROUP_BY_SERIAL, "no_path_retry", NoPathRetry.retries(30));
        // line 1406, Acronis Cyber Infrastructure
        expect("VSTORAGE", "VSTOR-DISK", "prio", "alua", "path_grouping_policy", PathGroupingPolicy.GROUP_BY_NODE_NAME,
                "detect_prio", false, "features", RDAC_FEATURES, "failback", IMMEDIATE,
                "flush_on_last_del", FlushOnLastDel.ALWAYS, "no_path_retry", QUEUE);
        // line 1421, QSAN: prio_args without prio
        expect("^Qsan", ".*", "path_grouping_policy", GROUP_BY_PRIO, "failback", IMMEDIATE, "no_path_retry", NoPathRetry.retries(30),
                "prio_args", "exclusive_pref_bit");
    }

    @Test
    void productBlacklistOfBuiltInEntriesIsInTheDefaultBlacklist() {
        // blacklist.c setup_default_blist adds every entry's bl_product
        Blacklist b = MultipathConfig.defaults().blacklist();
        assertEquals(BlacklistResult.DEVICE_BLIST, b.filterDevice("DELL", "Universal Xport"));
        assertEquals(BlacklistResult.DEVICE_BLIST, b.filterDevice("DGC", "LUNZ"));
        assertEquals(BlacklistResult.NOTHING, b.filterDevice("DELL", "MD3600f"));
        assertEquals(BlacklistResult.NOTHING, b.filterDevice("ACME", "Universal Xport"));
    }

    @Test
    void theLastMatchingEntryWinsPerKeyword() throws ConfigException {
        // mirrors config.c find_hwe (matches collected last entry first) and propsel.c (first set value wins).
        // HITACHI DF600F matches line 489 "^DF" and, later, line 498 "^DF600F" (multibus only).
        MapSettings df600 = MultipathConfig.defaults().forMap(WWID, id("HITACHI", "DF600F", "0000"));
        assertEquals(PathGroupingPolicy.MULTIBUS, df600.pathGroupingPolicy().value());
        assertEquals("hds", df600.prio().value());
        assertEquals(NoPathRetry.QUEUE, df600.noPathRetry().value());
        assertEquals(Origin.Source.HWTABLE, df600.prio().origin().source());
        // an NVMe ONTAP namespace: the generic NVMe entry (line 91) fills what line 860 leaves out
        PathSettings ontap = MultipathConfig.defaults().forPath(id("NVME", "NetApp ONTAP Controller", "9.14"));
        assertEquals("ID_WWN", ontap.uidAttribute().value());
        assertEquals("none", ontap.checker().value());
        assertEquals(NoPathRetry.QUEUE, MultipathConfig.defaults()
                .forMap(WWID, id("NVME", "NetApp ONTAP Controller", "9.14")).noPathRetry().value());
        // two user entries: the later wins where both set a keyword, the earlier fills the rest
        MapSettings user = parse("devices {\n device {\n vendor ACME\n product Box\n no_path_retry 5\n"
                + " prio alua\n }\n device {\n vendor ACME\n product \"^Box 9\"\n no_path_retry 7\n }\n}\n")
                .forMap(WWID, id("ACME", "Box 9000", "1"));
        assertEquals(NoPathRetry.retries(7), user.noPathRetry().value());
        assertEquals("alua", user.prio().value());
    }

    @Test
    void aUserEntryOverridesBuiltInKeywordsAndKeepsTheOthers() throws ConfigException {
        MapSettings m = parse("devices {\n device {\n vendor NETAPP\n product LUN\n no_path_retry 30\n }\n}\n")
                .forMap(WWID, id("NETAPP", "LUN C-Mode", "9800"));
        assertEquals(NoPathRetry.retries(30), m.noPathRetry().value());
        assertEquals(Origin.Source.DEVICES, m.noPathRetry().origin().source());
        assertEquals("ontap", m.prio().value());
        assertEquals(RDAC_FEATURES, m.features().value());
        assertEquals(Origin.Source.HWTABLE, m.prio().origin().source());
    }

    @Test
    void aUserEntryWrittenLikeABuiltInOneTakesItOverAtTheUsersPlace() throws ConfigException {
        // mirrors config.c factorize_hwtable/merge_hwe: the built-in "^DF" entry (line 489) is folded into
        // the user's "^DF" entry, which comes after line 498 "^DF600F": its group_by_prio now beats multibus.
        DeviceIdentity df600 = id("HITACHI", "DF600F", "0000");
        MapSettings same = parse("devices {\n device {\n vendor HITACHI\n product ^DF\n failback manual\n }\n}\n")
                .forMap(WWID, df600);
        assertEquals(PathGroupingPolicy.GROUP_BY_PRIO, same.pathGroupingPolicy().value());
        assertEquals(Origin.Source.HWTABLE, same.pathGroupingPolicy().origin().source());
        assertEquals(Failback.MANUAL, same.failback().value());
        // written differently (same meaning for this path): no folding, line 498 still wins
        MapSettings other = parse("devices {\n device {\n vendor HITACHI\n product ^DF6\n failback manual\n }\n}\n")
                .forMap(WWID, df600);
        assertEquals(PathGroupingPolicy.MULTIBUS, other.pathGroupingPolicy().value());
        assertEquals(Failback.MANUAL, other.failback().value());
    }

    @Test
    void revisionIsAnUnanchoredRegexAndAnUnknownRevisionMatches() throws ConfigException {
        // mirrors config.c hwe_regmatch
        MultipathConfig c = parse("devices {\n device {\n vendor ACME\n product Box\n revision \"^5\\.\"\n"
                + " prio alua\n }\n}\n");
        assertEquals("alua", c.forPath(id("ACME", "Box", "5.1")).prio().value());
        assertEquals("const", c.forPath(id("ACME", "Box", "4.5")).prio().value());
        assertEquals("alua", c.forPath(id("ACME", "Box", null)).prio().value());
    }

    @Test
    void builtInRegexesAreExtendedRegexes() {
        // line 696 "IBM[ ]+2145": NVMe model strings are padded with blanks
        assertEquals(NoPathRetry.QUEUE,
                MultipathConfig.defaults().forMap(WWID, id("NVME", "IBM     2145", "1")).noPathRetry().value());
        // line 1206 "SAN ARRAY$" must not catch line 1213's "SAN ARRAY ALUA" products
        assertEquals(PathGroupingPolicy.GROUP_BY_PRIO, MultipathConfig.defaults()
                .forMap(WWID, id("VIOLIN", "SAN ARRAY ALUA", "1")).pathGroupingPolicy().value());
        assertEquals(PathGroupingPolicy.GROUP_BY_SERIAL, MultipathConfig.defaults()
                .forMap(WWID, id("VIOLIN", "SAN ARRAY", "1")).pathGroupingPolicy().value());
    }

    @Test
    void anUnmatchedDeviceGetsTheDefaults() {
        DeviceIdentity none = id("ACME", "Nothing Like It", "1");
        assertFalse(HwTable.ENTRIES.stream().anyMatch(e -> e.matches(none)));
        MapSettings m = MultipathConfig.defaults().forMap(WWID, none);
        assertEquals(PathGroupingPolicy.FAILOVER, m.pathGroupingPolicy().value());
        assertEquals(NoPathRetry.UNDEF, m.noPathRetry().value());
        assertEquals(Failback.MANUAL, m.failback().value());
        assertEquals(Origin.BUILTIN, m.pathGroupingPolicy().origin());
        PathSettings p = MultipathConfig.defaults().forPath(none);
        assertEquals("tur", p.checker().value());
        assertEquals("const", p.prio().value());
        assertEquals(Origin.BUILTIN, p.checker().origin());
    }

    /**
     * Asserts that the built-in entry written {@code vendor}/{@code product} sets exactly these keywords
     * (canonical names) to these values (typed as the parser gives them), nothing more or less.
     */
    private static void expect(String vendor, String product, Object... keywordValues) {
        Map<String, Object> want = new LinkedHashMap<>();
        want.put("vendor", vendor);
        want.put("product", product);
        for (int i = 0; i < keywordValues.length; i += 2) want.put((String) keywordValues[i], keywordValues[i + 1]);
        DeviceEntry e = HwTable.ENTRIES.stream()
                .filter(d -> vendor.equals(text(d, "vendor")) && product.equals(text(d, "product")))
                .findFirst().orElseThrow(() -> new AssertionError("no entry " + vendor + " / " + product));
        Map<String, Object> got = new LinkedHashMap<>();
        e.values().values().forEach((k, v) -> got.put(k, v.value()));
        assertEquals(Map.copyOf(want), Map.copyOf(got), vendor + " / " + product);
    }

    private static Object text(DeviceEntry e, String keyword) {
        ConfigValue v = e.values().get(keyword);
        return v == null ? null : v.value();
    }

    private static DeviceIdentity id(String vendor, String product, String revision) {
        return new DeviceIdentity(vendor, product, revision, "scsi:fcp");
    }

    private static MultipathConfig parse(String text) throws ConfigException {
        LoadedConfig lc = ConfigLoader.parse(text, "test.conf");
        assertEquals(List.of(), lc.warnings());
        return lc.config();
    }
}
