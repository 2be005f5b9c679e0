package io.mpathvx.reconciler.desired;

import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.multipath.MultipathTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class TableAssemblerTest {
    private static JsonObject conformance() throws Exception {
        try (InputStream in = TableAssemblerTest.class.getResourceAsStream("/conformance/dm-multipath-table.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static List<String> counted(String s) {
        List<String> w = Arrays.asList(s.strip().split("\\s+"));
        assertEquals(Integer.parseInt(w.get(0)), w.size() - 1, s);
        return w.subList(1, w.size());
    }

    /** The derived_by_execution "assemble" vectors: libmultipath's table builder run on sample maps. */
    @TestFactory
    Stream<DynamicTest> assembleVectors() throws Exception {
        JsonArray cases = conformance().getJsonObject("derived_by_execution").getJsonArray("assemble");
        assertEquals(6, cases.size());
        List<DynamicTest> out = new ArrayList<>();
        for (Object o : cases) {
            JsonObject c = (JsonObject) o;
            out.add(DynamicTest.dynamicTest(c.getString("id"), () -> {
                JsonObject m = c.getJsonObject("map");
                Object npr = m.getValue("no_path_retry");
                NoPathRetry retry = NoPathRetry.of(String.valueOf(npr));
                MapPolicy policy = MapPolicy.defaults().withSelector(m.getString("selector"))
                        .withFeatures(counted(m.getString("features")), counted(m.getString("hwhandler")))
                        .withNoPathRetry(retry)
                        .withRr("priorities".equals(m.getString("rr_weight")), m.getInteger("minio"));
                List<PathGroup> groups = new ArrayList<>();
                int n = 0;
                for (Object g : m.getJsonArray("pathgroups")) {
                    List<PathInfo> paths = new ArrayList<>();
                    for (Object p : (JsonArray) g) {
                        JsonObject pj = (JsonObject) p;
                        paths.add(Paths.info("sd" + (char) ('a' + n++), pj.getString("dev_t"), pj.getInteger("priority")));
                    }
                    groups.add(PathGroup.of(paths));
                }
                MultipathTable t = TableAssembler.assemble(policy,
                        TableAssembler.withQueueing(policy.features(), retry), groups, m.getInteger("bestpg"));
                assertEquals(c.getString("expect_table"), t.format());
            }));
        }
        return out.stream();
    }

    @Test
    void exampleTableReadBackEqualsWhatWeWouldLoad() throws Exception {
        // The kernel reports service-time paths with two args ("1 1"); we load one ("1"). Same table for the diff.
        JsonObject ex = conformance().getJsonObject("example_strings");
        MultipathTable live = MultipathTable.parse(ex.getString("table"));
        MapPolicy policy = MapPolicy.defaults().withFeatures(List.of("pg_init_retries", "50"), List.of("alua"));
        List<PathGroup> groups = List.of(
                PathGroup.of(List.of(Paths.info("a", "65:32", 50), Paths.info("b", "67:64", 50), Paths.info("c", "69:96", 50))),
                PathGroup.of(List.of(Paths.info("d", "8:16", 10), Paths.info("e", "66:48", 10), Paths.info("f", "68:80", 10))));
        MultipathTable mine = TableAssembler.assemble(policy, TableAssembler.features(policy), groups, 1);
        assertNotEquals(live.format(), mine.format());
        assertEquals(KernelForm.of(live), KernelForm.of(mine));
    }

    @Test
    void featuresFollowNoPathRetry() {
        MapPolicy p = MapPolicy.defaults().withFeatures(List.of("queue_if_no_path"), List.of());
        assertEquals(List.of("queue_if_no_path"), TableAssembler.features(p), "undef: features decide");
        assertEquals(List.of(), TableAssembler.features(p.withNoPathRetry(NoPathRetry.FAIL)));
        assertEquals(List.of("queue_if_no_path"), TableAssembler.features(p.withNoPathRetry(NoPathRetry.retries(12))));
        assertEquals(List.of("queue_if_no_path"), TableAssembler.features(MapPolicy.defaults().withNoPathRetry(NoPathRetry.QUEUE)));
    }

    @Test
    void pgInitRetriesRetainAndQueueMode() {
        MapPolicy p = MapPolicy.defaults().withInit(50, true, "bio").withNoPathRetry(NoPathRetry.QUEUE);
        assertEquals(List.of("pg_init_retries", "50", "queue_mode", "bio", "queue_if_no_path"), TableAssembler.features(p));
        MapPolicy rq = MapPolicy.defaults().withFeatures(List.of("queue_mode", "bio", "pg_init_retries", "20"), List.of())
                .withInit(null, true, "rq");
        assertEquals(List.of("pg_init_retries", "20"), TableAssembler.features(rq));
        MapPolicy bad = MapPolicy.defaults().withFeatures(List.of("queue_mode", "bionic"), List.of()).withInit(null, true, null);
        assertEquals(List.of(), TableAssembler.features(bad), "an invalid queue_mode pair is dropped");
        MapPolicy keep = MapPolicy.defaults().withFeatures(List.of("queue_mode", "bio"), List.of()).withInit(null, true, null);
        assertEquals(List.of("queue_mode", "bio"), TableAssembler.features(keep), "undef adopts the features' mode");
    }

    @Test
    void selectorsWithArgsAndRrWeight() {
        List<PathGroup> g = List.of(PathGroup.of(List.of(Paths.info("a", "8:0", 50), Paths.info("b", "8:16", 10))));
        assertEquals("0 0 1 1 round-robin 0 2 1 8:0 1000 8:16 1000",
                TableAssembler.assemble(MapPolicy.defaults().withSelector("round-robin 0").withRr(false, 1000), List.of(), g, 1).format());
        assertEquals("0 0 1 1 round-robin 0 2 1 8:0 50000 8:16 10000",
                TableAssembler.assemble(MapPolicy.defaults().withSelector("round-robin 0").withRr(true, 1000), List.of(), g, 1).format());
        assertEquals("0 0 1 1 queue-length 0 2 1 8:0 1 8:16 1",
                TableAssembler.assemble(MapPolicy.defaults().withSelector("queue-length 0"), List.of(), g, 1).format());
        assertEquals("0 1 alua 1 1 service-time 1 x 2 1 8:0 1 8:16 1",
                TableAssembler.assemble(MapPolicy.defaults().withSelector("service-time 1 x").withFeatures(List.of(), List.of("alua")),
                        List.of(), g, 1).format());
        assertThrows(IllegalArgumentException.class, () -> TableAssembler.emptyGroup("service-time 2 x"));
        assertThrows(IllegalArgumentException.class, () -> TableAssembler.emptyGroup("service-time x"));
    }

    @Test
    void undefinedPriorityIsNotWeighted() {
        List<PathGroup> g = List.of(PathGroup.of(List.of(Paths.info("a", "8:0", -1, PathState.UP))));
        assertEquals("0 0 1 1 round-robin 0 1 1 8:0 7",
                TableAssembler.assemble(MapPolicy.defaults().withSelector("round-robin 0").withRr(true, 7), List.of(), g, 1).format());
    }
}
