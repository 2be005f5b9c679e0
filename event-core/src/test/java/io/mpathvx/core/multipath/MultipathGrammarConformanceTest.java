package io.mpathvx.core.multipath;

import io.mpathvx.core.model.DevT;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The example table/status strings of conformance/dm-multipath-table.json, their reading and derived parse. */
class MultipathGrammarConformanceTest {
    private static JsonObject file;
    private static JsonObject examples;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = MultipathGrammarConformanceTest.class.getResourceAsStream("/conformance/dm-multipath-table.json")) {
            file = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        examples = file.getJsonObject("example_strings");
    }

    private static List<String> strings(JsonArray a) {
        return a.stream().map(String.class::cast).toList();
    }

    @Test
    void exampleTableParsesToItsReading() throws MultipathSyntaxException {
        String text = examples.getString("table");
        JsonObject r = examples.getJsonObject("table_reading");
        MultipathTable t = MultipathTable.parse(text);
        assertEquals(strings(r.getJsonArray("features_list")), t.features());
        assertEquals(strings(r.getJsonArray("hwhandler_list")), t.hwHandler());
        assertEquals(r.getInteger("nr_pathgroups"), t.groups().size());
        assertEquals(r.getInteger("initial_pathgroup"), t.firstGroup());
        JsonArray pgs = r.getJsonArray("pathgroups");
        for (int g = 0; g < pgs.size(); g++) {
            JsonObject pg = pgs.getJsonObject(g);
            MultipathTable.Group group = t.groups().get(g);
            assertEquals(pg.getString("selector"), group.selector());
            assertEquals(strings(pg.getJsonArray("selector_args")), group.selectorArgs());
            assertEquals(pg.getInteger("nr_paths"), group.paths().size());
            JsonArray paths = pg.getJsonArray("paths");
            for (int p = 0; p < paths.size(); p++) {
                assertEquals(DevT.parse(paths.getJsonObject(p).getString("dev")), group.paths().get(p).devt());
                assertEquals(strings(paths.getJsonObject(p).getJsonArray("args")), group.paths().get(p).args());
                assertEquals(pg.getInteger("path_args_per_path"), group.paths().get(p).args().size());
            }
        }
        // The kernel's canonical form is this text without the trailing space the test strings carry.
        assertEquals(text.strip(), t.format());
        assertEquals(t, MultipathTable.parse(t.format()));
    }

    @Test
    void exampleStatusParsesToItsReading() throws MultipathSyntaxException {
        String text = examples.getString("status");
        JsonObject r = examples.getJsonObject("status_reading");
        MultipathStatus s = MultipathStatus.parse(text);
        assertEquals(strings(r.getJsonArray("features_status")), s.features());
        assertFalse(s.queueing());
        assertEquals(strings(r.getJsonArray("hwhandler_status")), s.hwHandler());
        assertEquals(r.getInteger("nr_pathgroups"), s.groups().size());
        assertEquals(r.getInteger("next_pathgroup"), s.nextGroup());
        JsonArray pgs = r.getJsonArray("pathgroups");
        for (int g = 0; g < pgs.size(); g++) {
            JsonObject pg = pgs.getJsonObject(g);
            MultipathStatus.Group group = s.groups().get(g);
            assertEquals(pg.getString("state").charAt(0), group.state().code());
            assertEquals(strings(pg.getJsonArray("selector_status_args")), group.selectorStatus());
            JsonArray paths = pg.getJsonArray("paths");
            assertEquals(pg.getInteger("nr_paths"), group.paths().size());
            for (int p = 0; p < paths.size(); p++) {
                JsonObject jp = paths.getJsonObject(p);
                MultipathStatus.PathStatus ps = group.paths().get(p);
                assertEquals(DevT.parse(jp.getString("dev")), ps.devt());
                assertEquals("A".equals(jp.getString("state")), ps.active());
                assertEquals(jp.getInteger("fail_count"), ps.failCount());
                assertEquals(strings(jp.getJsonArray("selector_args")), ps.selectorStatus());
                assertEquals(pg.getInteger("path_status_args_per_path"), ps.selectorStatus().size());
            }
        }
        assertEquals(text.strip(), s.format());
    }

    @Test
    void derivedParseAgreesWithLibmultipath() throws MultipathSyntaxException {
        JsonObject d = file.getJsonObject("derived_by_execution").getJsonObject("parse");
        assertTrue(d.getBoolean("table_parse_ok"));
        assertTrue(d.getBoolean("status_parse_ok"));
        MultipathTable t = MultipathTable.parse(examples.getString("table"));
        MultipathStatus s = MultipathStatus.parse(examples.getString("status"));
        assertEquals(d.getString("features"), t.features().size() + " " + String.join(" ", t.features()));
        assertEquals(d.getString("hwhandler"), t.hwHandler().size() + " " + String.join(" ", t.hwHandler()));
        for (MultipathTable.Group g : t.groups()) {
            assertEquals(d.getString("selector"), g.selector() + " " + g.selectorArgs().size()
                    + (g.selectorArgs().isEmpty() ? "" : " " + String.join(" ", g.selectorArgs())));
        }
        assertEquals(d.getInteger("initial_pathgroup_from_table"), t.firstGroup());
        assertEquals(d.getInteger("next_pathgroup_from_status"), s.nextGroup());
        JsonArray pgs = d.getJsonArray("pathgroups");
        assertEquals(pgs.size(), s.groups().size());
        for (int g = 0; g < pgs.size(); g++) {
            JsonObject pg = pgs.getJsonObject(g);
            MultipathStatus.Group sg = s.groups().get(g);
            assertEquals(pg.getString("state"), sg.state().name().toLowerCase(java.util.Locale.ROOT));
            JsonArray paths = pg.getJsonArray("paths");
            for (int p = 0; p < paths.size(); p++) {
                JsonObject jp = paths.getJsonObject(p);
                assertEquals(DevT.parse(jp.getString("dev_t")), sg.paths().get(p).devt());
                assertEquals(DevT.parse(jp.getString("dev_t")), t.groups().get(g).paths().get(p).devt());
                assertEquals("active".equals(jp.getString("state")), sg.paths().get(p).active());
                assertEquals(jp.getInteger("fail_count"), sg.paths().get(p).failCount());
            }
        }
    }

    @Test
    void assembledTablesOfTheDerivedVectorsParseAndFormatCanonically() throws MultipathSyntaxException {
        JsonArray assemble = file.getJsonObject("derived_by_execution").getJsonArray("assemble");
        assertEquals(6, assemble.size());
        for (int i = 0; i < assemble.size(); i++) {
            String expect = assemble.getJsonObject(i).getString("expect_table");
            assertEquals(expect, MultipathTable.parse(expect).format(), assemble.getJsonObject(i).getString("id"));
        }
    }

    @Test
    void typedErrorsNameTheProblem() {
        MultipathSyntaxException e = assertThrows(MultipathSyntaxException.class,
                () -> MultipathTable.parse("0 0 2 1 round-robin 0 1 1 8:0"));
        assertTrue(e.getMessage().contains("path argument"), e.getMessage());
        assertThrows(MultipathSyntaxException.class, () -> MultipathTable.parse("0 0 1 2 round-robin 0 1 1 8:0 1"));
        assertThrows(MultipathSyntaxException.class, () -> MultipathStatus.parse("2 0 0 0 1 1 X 0 1 1 8:0 A 0 1"));
        assertThrows(MultipathSyntaxException.class, () -> MultipathStatus.parse("2 0 0 0 1 1 A 0 1 1 8:0 Q 0 1"));
        assertThrows(MultipathSyntaxException.class, () -> MultipathTable.parse("0 0 1 1 round-robin 0 1 0 8-0"));
        assertThrows(MultipathSyntaxException.class, () -> MultipathTable.parse("0 0 0 0 extra"));
    }
}
