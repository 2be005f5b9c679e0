package io.mpathvx.core.multipath;

import io.mpathvx.core.model.DevT;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * derived_by_execution.assemble of conformance/dm-multipath-table.json: map properties → table string, built with
 * {@link FeatureString} and {@link MultipathTable} the way the reconciler will (libmultipath's builder rules:
 * one path arg = min-io, times the priority with rr_weight priorities; queue_if_no_path for no_path_retry queue or
 * a positive count).
 */
class MultipathAssembleConformanceTest {
    @Test
    void assembledTablesMatch() throws Exception {
        JsonArray cases = FeatureStringConformanceTest.load("dm-multipath-table.json")
                .getJsonObject("derived_by_execution").getJsonArray("assemble");
        assertEquals(6, cases.size());
        for (int i = 0; i < cases.size(); i++) {
            JsonObject c = cases.getJsonObject(i);
            assertEquals(c.getString("expect_table"), assemble(c.getJsonObject("map")).format(), c.getString("id"));
        }
    }

    private static MultipathTable assemble(JsonObject map) throws Exception {
        String features = map.getString("features");
        Object npr = map.getValue("no_path_retry");
        if ("queue".equals(npr) || (npr instanceof Number n && n.intValue() > 0)) {
            features = FeatureString.add(features, "queue_if_no_path");
        }
        List<String> sel = words(map.getString("selector"));
        String selector = sel.get(0);
        List<String> selArgs = sel.subList(2, 2 + Integer.parseInt(sel.get(1)));
        boolean byPrio = "priorities".equals(map.getString("rr_weight"));
        int minio = map.getInteger("minio");
        List<MultipathTable.Group> groups = new ArrayList<>();
        JsonArray pgs = map.getJsonArray("pathgroups");
        for (int g = 0; g < pgs.size(); g++) {
            List<MultipathTable.TablePath> paths = new ArrayList<>();
            JsonArray jp = pgs.getJsonArray(g);
            for (int p = 0; p < jp.size(); p++) {
                JsonObject path = jp.getJsonObject(p);
                int prio = path.getInteger("priority");
                long arg = byPrio && prio > 0 ? (long) minio * prio : minio;
                paths.add(new MultipathTable.TablePath(DevT.parse(path.getString("dev_t")), List.of(Long.toString(arg))));
            }
            groups.add(new MultipathTable.Group(selector, selArgs, paths));
        }
        return new MultipathTable(counted(features), counted(map.getString("hwhandler")),
                groups.isEmpty() ? 0 : map.getInteger("bestpg"), groups);
    }

    private static List<String> words(String s) {
        return Arrays.asList(s.strip().split("\\s+"));
    }

    private static List<String> counted(String s) {
        List<String> w = words(s);
        assertEquals(Integer.parseInt(w.get(0)), w.size() - 1, "count of '" + s + "'");
        return w.subList(1, w.size());
    }
}
