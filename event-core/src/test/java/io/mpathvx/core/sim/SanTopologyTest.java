package io.mpathvx.core.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SanTopologyTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void shippedSmallExampleParsesAndBoots() throws Exception {
        SanTopology t = SanTopology.load(EXAMPLES.resolve("san-small.json"));
        assertEquals(8, t.luns().size());
        assertEquals(2, t.luns().stream().map(SanTopology.LunSpec::vendor).distinct().count(), "two vendors");
        assertTrue(t.luns().stream().allMatch(l -> l.paths().size() == 2));
        SimulatedKernel k = new SimulatedKernel(t);
        assertEquals(16, k.paths().size());
        assertEquals("sda", k.paths().get(0).name());
        assertEquals(SanTopology.DEFAULT_DM_MAJOR, t.dmMajor());
    }

    @Test
    void shippedGeneratedExampleIsAThousandLuns() throws Exception {
        SanTopology t = SanTopology.load(EXAMPLES.resolve("san-1k.json"));
        assertEquals(1000, t.luns().size());
        assertEquals(1000, t.luns().stream().map(SanTopology.LunSpec::wwid).distinct().count());
        assertEquals("active/optimized", t.luns().get(0).paths().get(0).alua());
        assertEquals("active/non-optimized", t.luns().get(0).paths().get(1).alua());
        assertEquals(2000, new SimulatedKernel(t).paths().size());
    }

    @Test
    void generatorMakesNaaWwidsAndSpreadsPathsOverHosts() throws Exception {
        SanTopology t = SanTopology.parse(new JsonObject().put("generate",
                new JsonObject().put("luns", 3).put("pathsPerLun", 4).put("hosts", new JsonArray().add(0).add(1))));
        SanTopology.LunSpec l = t.luns().get(2);
        assertEquals(33, l.wwid().length());
        assertTrue(l.wwid().startsWith("36001405"));
        assertEquals(4, l.paths().size());
        assertEquals(Set.of(0, 1), new HashSet<>(l.paths().stream().map(SanTopology.PathSpec::host).toList()));
        assertEquals(1, l.paths().get(3).target(), "more paths than hosts: a second target");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"luns\":[{\"wwid\":\"3600\",\"paths\":[{\"host\":0}]}]}|luns[0].wwid",
            "{\"luns\":[{\"sizeMb\":1,\"paths\":[{\"host\":0}]}]}|luns[0].wwid",
            "{\"luns\":[{\"wwid\":\"36001405000000000000000000000000a\",\"paths\":[]}]}|luns[0].paths",
            "{\"luns\":[{\"wwid\":\"36001405000000000000000000000000a\",\"paths\":[{\"host\":\"zero\"}]}]}|luns[0].paths[0].host",
            "{\"luns\":[{\"wwid\":\"36001405000000000000000000000000a\",\"paths\":[{\"host\":0,\"state\":\"dead\"}]}]}|luns[0].paths[0].state",
            "{\"luns\":[{\"wwid\":\"36001405000000000000000000000000a\",\"paths\":[{\"host\":0,\"alua\":\"optimised\"}]}]}|luns[0].paths[0].alua",
            "{\"hosts\":[0],\"luns\":[{\"wwid\":\"36001405000000000000000000000000a\",\"paths\":[{\"host\":1}]}]}|luns[0].paths[0].host",
            "{\"luns\":[{\"wwid\":\"36001405000000000000000000000000a\",\"paths\":[{\"host\":0},{\"host\":0}]}]}|luns[0].paths[1]",
            "{\"luns\":[{\"wwid\":\"36001405000000000000000000000000a\",\"paths\":[{\"host\":0}]},{\"wwid\":\"36001405000000000000000000000000a\",\"lun\":5,\"paths\":[{\"host\":0}]}]}|luns[1].wwid",
            "{\"luns\":[{\"wwid\":\"36001405000000000000000000000000a\",\"sizeMb\":-1,\"paths\":[{\"host\":0}]}]}|luns[0].sizeMb",
            "{\"luns\":[{\"wwid\":\"36001405000000000000000000000000a\",\"vendor\":\"WAY-TOO-LONG\",\"paths\":[{\"host\":0}]}]}|luns[0].vendor",
            "{\"luns\":[{\"wwid\":\"36001405000000000000000000000000a\",\"pathz\":[]}]}|luns[0].pathz",
            "{\"udev\":\"yes\"}|udev",
            "{\"generate\":{\"luns\":0}}|generate.luns",
            "{\"generate\":{\"wwidPrefix\":\"5abc\"}}|generate.wwidPrefix",
            "{\"lunz\":[]}|lunz"})
    void badTopologyNamesTheField(String json, String field) {
        TopologyException e = assertThrows(TopologyException.class, () -> SanTopology.parse(new JsonObject(json)));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith(field + ": "), e.getMessage());
    }

    @Test
    void notJsonIsATopologyError() throws Exception {
        Path f = Files.createTempFile("topo", ".json");
        try {
            Files.writeString(f, "{ luns: ");
            assertThrows(TopologyException.class, () -> SanTopology.load(f));
        } finally {
            Files.delete(f);
        }
    }

    /** Mutated documents either parse or fail with TopologyException: nothing else escapes. */
    @Test
    void fuzzedTopologiesFailOnlyWithTopologyException() throws Exception {
        String base = Files.readString(EXAMPLES.resolve("san-small.json"));
        Random rnd = new Random(20261121);
        String alphabet = "{}[]\":,0123456789-.abcdefxyz truefalsenull";
        int parsed = 0;
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder(base);
            int edits = 1 + rnd.nextInt(4);
            for (int e = 0; e < edits; e++) {
                int pos = rnd.nextInt(sb.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> sb.deleteCharAt(pos);
                    case 1 -> sb.insert(pos, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    default -> sb.setCharAt(pos, alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            JsonObject json;
            try {
                json = new JsonObject(sb.toString());
            } catch (RuntimeException notJson) {
                continue;
            }
            try {
                new SimulatedKernel(SanTopology.parse(json));
                parsed++;
            } catch (TopologyException expected) {
                assertTrue(expected.getMessage().contains(": "));
            }
        }
        assertTrue(parsed > 0, "some mutations stay valid");
    }
}
