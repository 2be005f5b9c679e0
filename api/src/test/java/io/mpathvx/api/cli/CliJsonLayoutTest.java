package io.mpathvx.api.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static io.mpathvx.api.cli.CliFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliJsonLayoutTest {
    // The key lists of libmultipath/print.c (0.14.3): snprint_json_header,
    // PRINT_JSON_MAP, PRINT_JSON_GROUP + PRINT_JSON_GROUP_NUM, PRINT_JSON_PATH.
    private static final Set<String> TOP_KEYS = Set.of("major_version", "minor_version", "maps");
    private static final Set<String> MAP_KEYS = Set.of("name", "uuid", "sysfs", "failback", "queueing",
            "paths", "write_prot", "dm_st", "features", "hwhandler", "action", "path_faults", "vend", "prod",
            "rev", "switch_grp", "map_loads", "total_q_time", "q_timeouts", "path_groups");
    private static final Set<String> GROUP_KEYS = Set.of("selector", "pri", "dm_st", "marginal_st", "group",
            "paths");
    private static final Set<String> PATH_KEYS = Set.of("dev", "dev_t", "dm_st", "dev_st", "chk_st", "checker",
            "pri", "host_wwnn", "target_wwnn", "host_wwpn", "target_wwpn", "host_adapter", "lun_hex",
            "marginal_st");

    @Test
    void showMapsJsonHasUpstreamKeysAtEveryLevel() {
        JsonObject top = new JsonObject(JsonLayout.maps(VIEW));
        assertEquals(TOP_KEYS, top.fieldNames());
        assertEquals(0, top.getInteger("major_version"));
        assertEquals(1, top.getInteger("minor_version"));
        JsonArray maps = top.getJsonArray("maps");
        assertEquals(2, maps.size());
        for (Object m : maps) {
            JsonObject map = (JsonObject) m;
            assertEquals(MAP_KEYS, map.fieldNames());
            JsonArray groups = map.getJsonArray("path_groups");
            for (int g = 0; g < groups.size(); g++) {
                JsonObject group = groups.getJsonObject(g);
                assertEquals(GROUP_KEYS, group.fieldNames());
                assertEquals(g + 1, group.getInteger("group"));
                for (Object p : group.getJsonArray("paths")) {
                    assertEquals(PATH_KEYS, ((JsonObject) p).fieldNames());
                }
            }
        }
    }

    @Test
    void showMapsJsonCarriesTheValuesAndTypesOfTheView() {
        JsonObject mpatha = new JsonObject(JsonLayout.maps(VIEW)).getJsonArray("maps").getJsonObject(0);
        assertEquals("mpatha", mpatha.getString("name"));
        assertEquals(WWID_A, mpatha.getString("uuid"));
        assertEquals("dm-0", mpatha.getString("sysfs"));
        assertEquals("12 chk", mpatha.getString("queueing"));
        assertEquals(3, mpatha.getInteger("paths"));
        assertEquals(4, mpatha.getInteger("path_faults"));
        assertEquals(2, mpatha.getInteger("switch_grp"));
        JsonObject second = mpatha.getJsonArray("path_groups").getJsonObject(1);
        assertEquals("enabled", second.getString("dm_st"));
        assertEquals(10, second.getInteger("pri"));
        JsonObject sdd = second.getJsonArray("paths").getJsonObject(1);
        assertEquals("sdd", sdd.getString("dev"));
        assertEquals("failed", sdd.getString("dm_st"));
        assertEquals("faulty", sdd.getString("chk_st"));
        assertEquals("[undef]", sdd.getString("host_wwnn"));
        assertEquals("0x0001000000000000", sdd.getString("lun_hex"));
    }

    @Test
    void showMapJsonIsByteForByteUpstreamsLayout() {
        String expected = String.join("\n",
                "{",
                "   \"major_version\": 0,",
                "   \"minor_version\": 1,",
                "   \"map\":{",
                "      \"name\" : \"36001405bbbbbbbbbbbbbbbbbbbbbbbb2\",",
                "      \"uuid\" : \"36001405bbbbbbbbbbbbbbbbbbbbbbbb2\",",
                "      \"sysfs\" : \"dm-1\",",
                "      \"failback\" : \"deferred:30\",",
                "      \"queueing\" : \"on\",",
                "      \"paths\" : 1,",
                "      \"write_prot\" : \"ro\",",
                "      \"dm_st\" : \"suspend\",",
                "      \"features\" : \"0\",",
                "      \"hwhandler\" : \"0\",",
                "      \"action\" : \"\",",
                "      \"path_faults\" : 0,",
                "      \"vend\" : \"ACME\",",
                "      \"prod\" : \"thing\",",
                "      \"rev\" : \"0001\",",
                "      \"switch_grp\" : 0,",
                "      \"map_loads\" : 1,",
                "      \"total_q_time\" : 0,",
                "      \"q_timeouts\" : 0,",
                "      \"path_groups\": [{",
                "         \"selector\" : \"round-robin 0\",",
                "         \"pri\" : 1,",
                "         \"dm_st\" : \"active\",",
                "         \"marginal_st\" : \"normal\",",
                "         \"group\" : 1,",
                "         \"paths\": [{",
                "            \"dev\" : \"sde\",",
                "            \"dev_t\" : \"8:64\",",
                "            \"dm_st\" : \"active\",",
                "            \"dev_st\" : \"running\",",
                "            \"chk_st\" : \"ready\",",
                "            \"checker\" : \"tur\",",
                "            \"pri\" : 1,",
                "            \"host_wwnn\" : \"0x20000000c9000001\",",
                "            \"target_wwnn\" : \"0x2000000000000002\",",
                "            \"host_wwpn\" : \"0x10000000c9000001\",",
                "            \"target_wwpn\" : \"0x2100000000000002\",",
                "            \"host_adapter\" : \"0000:03:00.0\",",
                "            \"lun_hex\" : \"0x000a000000000000\",",
                "            \"marginal_st\" : \"normal\"",
                "         }]",
                "      }]",
                "   }",
                "}",
                "");
        assertEquals(expected, JsonLayout.map(MAP_B));
    }

    @Test
    void elementsAreSeparatedAsUpstreamSeparatesThem() {
        String json = JsonLayout.maps(VIEW);
        assertTrue(json.startsWith("{\n   \"major_version\": 0,\n   \"minor_version\": 1,\n   \"maps\": [{\n"
                + "      \"name\" : \"mpatha\",\n"), json);
        assertTrue(json.contains("\n         },{\n            \"dev\" : \"sdc\",\n"), json);
        assertTrue(json.contains("\n         }]\n      },{\n         \"selector\" : \"service-time 0\",\n"
                + "         \"pri\" : 10,\n"), json);
        assertTrue(json.contains("\n         }]\n      }]\n   },{\n      \"name\" : \"" + WWID_B + "\",\n"), json);
        assertTrue(json.endsWith("\n         }]\n      }]\n   }]\n}\n"), json);
    }

    @Test
    void noMapsAndNoGroupsStillGiveValidJson() {
        assertEquals("{\n   \"major_version\": 0,\n   \"minor_version\": 1,\n   \"maps\": []\n}\n",
                JsonLayout.maps(new CliView(List.of(), List.of())));
        CliMap bare = new CliMap("m", "w", null, 0, null, null, null, null, null, null, null, List.of());
        JsonObject map = new JsonObject(JsonLayout.map(bare)).getJsonObject("map");
        assertEquals(new JsonArray(), map.getJsonArray("path_groups"));
        assertEquals("undef", map.getString("sysfs"));
        assertEquals("-", map.getString("queueing"));
        assertEquals("##", map.getString("vend"));
    }
}
