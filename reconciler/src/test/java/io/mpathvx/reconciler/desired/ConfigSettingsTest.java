package io.mpathvx.reconciler.desired;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.config.MultipathConfig;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.Wwid;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** The adapter from multipath.conf to the reconciler's settings, and a table built from a real config. */
class ConfigSettingsTest {
    @Test
    void builtInDefaults() {
        ConfigSettings s = new ConfigSettings(MultipathConfig.defaults());
        MapPolicy p = s.forMap(Wwid.of("3600a"), null);
        assertEquals(PathGroupingPolicy.FAILOVER, p.grouping());
        assertEquals("service-time 0", p.pathSelector());
        assertEquals(List.of(), p.features());
        assertEquals(List.of(), p.hwHandler());
        assertEquals("const", p.prio());
        assertFalse(p.userFriendlyNames());
        assertEquals(FindMultipaths.STRICT, s.findMultipaths());
        assertEquals("mpath", s.aliasPrefix());
        assertNotNull(s.forMap(null, null), "paths without WWID still resolve");
        // the built-in hardware table's LIO-ORG entry (ALUA targets)
        MapPolicy lio = s.forMap(Wwid.of("3600a"), Paths.path("sda", "8:0", "3600a", 2048, PathState.UP, ""));
        assertEquals(PathGroupingPolicy.GROUP_BY_PRIO, lio.grouping());
        assertEquals("alua", lio.prio());
    }

    @Test
    void configValuesReachTheTable() throws Exception {
        MultipathConfig c = ConfigLoader.parse("""
                defaults {
                    user_friendly_names yes
                    find_multipaths no
                    path_grouping_policy multibus
                    no_path_retry 12
                }
                devices {
                    device {
                        vendor "LIO-ORG"
                        product ".*"
                        path_grouping_policy group_by_prio
                        prio alua
                        hardware_handler "1 alua"
                        features "2 pg_init_retries 50"
                        path_selector "round-robin 0"
                        rr_weight priorities
                        rr_min_io_rq 10
                    }
                }
                multipaths {
                    multipath {
                        wwid 3600b
                        alias data
                    }
                }
                """, "test.conf").config();
        ConfigSettings s = new ConfigSettings(c);
        assertEquals(FindMultipaths.OFF, s.findMultipaths());
        MapPolicy lio = s.forMap(Wwid.of("3600a"), Paths.path("sda", "8:0", "3600a", 2048, PathState.UP, ""));
        assertEquals(PathGroupingPolicy.GROUP_BY_PRIO, lio.grouping());
        assertEquals("alua", lio.prio());
        assertTrue(lio.userFriendlyNames());
        assertEquals(NoPathRetry.retries(12), lio.noPathRetry());
        assertNull(lio.alias());
        assertEquals("data", s.forMap(Wwid.of("3600b"), Paths.path("sdb", "8:16", "3600b", 2048, PathState.UP, "")).alias());
        DesiredMap d = DesiredMaps.build(Wwid.of("3600a"), List.of(
                PathInfo.of(Paths.path("sda", "8:0", "3600a", 2048, PathState.UP, ""), 50),
                PathInfo.of(Paths.path("sdb", "8:16", "3600a", 2048, PathState.UP, ""), 10)), lio, 0);
        assertEquals("3 pg_init_retries 50 queue_if_no_path 1 alua 2 1 round-robin 0 1 1 8:0 500 round-robin 0 1 1 8:16 100",
                d.table().format());
    }

    @Test
    void groupByTpgWithoutAluaPrioFallsBackToFailover() throws Exception {
        // mirrors propsel.c select_pgpolicy: group_by_tpg needs alua or sysfs prio on every path
        MultipathConfig c = ConfigLoader.parse("overrides {\n    path_grouping_policy group_by_tpg\n}\n",
                "test.conf").config();
        ConfigSettings settings = new ConfigSettings(c);
        PathInfo a = PathInfo.of(Paths.path("sda", "8:0", "3600a", 2048, PathState.UP, ""), 1);
        MapPolicy configured = settings.forMap(Wwid.of("3600a"), a.path());
        assertEquals("group_by_tpg", configured.grouping().configName());
        var facts = io.mpathvx.core.config.DeviceFacts.unknownScsi();
        var noAlua = new io.mpathvx.core.config.DeviceFacts(io.mpathvx.core.config.DeviceFacts.Bus.SCSI,
                io.mpathvx.core.config.Tpgs.NONE, false, false, false, "detached", false);
        PathInfo selected = new PathInfo(a.path(), 1, "", false, -1,
                configured.propertySelector().select(a.path(), noAlua));
        assertEquals("const", selected.selection().prio().value());
        MapPolicy p = settings.select(Wwid.of("3600a"), configured, List.of(selected));
        assertEquals("failover", p.grouping().configName());
        assertEquals("(setting: emergency fallback - not all paths use alua prio)",
                p.selection().pathGroupingPolicy().origin().describe());
        // with ALUA (TPGS unknown yet: detect_prio picks alua) detect_pgpolicy (on by default) comes before any
        // configured policy and, without detect_pgpolicy_use_tpg, picks group_by_prio
        PathInfo alua = new PathInfo(a.path(), 1, "", false, 1, configured.propertySelector().select(a.path(), facts));
        MapPolicy detected = settings.select(Wwid.of("3600a"), configured, List.of(alua));
        assertEquals("group_by_prio", detected.grouping().configName());
        assertEquals("(setting: storage device autodetected)",
                detected.selection().pathGroupingPolicy().origin().describe());
        MultipathConfig off = ConfigLoader.parse("overrides {\n    path_grouping_policy group_by_tpg\n"
                + "    detect_pgpolicy no\n}\n", "test.conf").config();
        ConfigSettings offSettings = new ConfigSettings(off);
        MapPolicy offPolicy = offSettings.forMap(Wwid.of("3600a"), a.path());
        PathInfo aluaOff = new PathInfo(a.path(), 1, "", false, 1, offPolicy.propertySelector().select(a.path(), facts));
        assertEquals("group_by_tpg", offSettings.select(Wwid.of("3600a"), offPolicy, List.of(aluaOff)).grouping()
                .configName());
    }
}
