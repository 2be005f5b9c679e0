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
    void groupByTpgBuildsTheTableOfGroupByPrio() throws Exception {
        List<PathInfo> paths = List.of(
                PathInfo.of(Paths.path("sda", "8:0", "3600a", 2048, PathState.UP, ""), 10),
                PathInfo.of(Paths.path("sdb", "8:16", "3600a", 2048, PathState.UP, ""), 50));
        String[] tables = new String[2];
        String[] policies = {"group_by_tpg", "group_by_prio"};
        for (int i = 0; i < 2; i++) {
            MultipathConfig c = ConfigLoader.parse("overrides {\n    path_grouping_policy " + policies[i] + "\n}\n",
                    "test.conf").config();
            MapPolicy p = new ConfigSettings(c).forMap(Wwid.of("3600a"), paths.get(0).path());
            assertEquals(policies[i], p.grouping().configName());
            tables[i] = DesiredMaps.build(Wwid.of("3600a"), paths, p, 0).table().format();
        }
        assertEquals(tables[1], tables[0]);
        assertTrue(tables[0].contains(" 2 1 "), "two groups: " + tables[0]);
    }
}
