package io.mpathvx.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpMentionsSimulatedMode() {
        assertEquals(0, run("--help"));
        assertTrue(out().contains("--sim"), out());
        assertTrue(out().contains("dry-run"), out());
    }

    @Test
    void versionPrintsTheBuildVersion() {
        assertEquals(0, run("--version"));
        assertTrue(out().matches("mpathvx \\d+\\.\\d+\\.\\d+.*\\R"), out());
    }

    @Test
    void noCommandIsAUsageError() {
        assertEquals(2, run());
    }

    @Test
    void unknownOptionsAndCommandsAreUsageErrors() {
        assertEquals(2, run("daemon", "--frobnicate"));
        assertTrue(err().contains("unknown option --frobnicate"), err());
        assertEquals(2, run("explode"));
        assertTrue(err().contains("unknown command 'explode'"), err());
        assertEquals(2, run("daemon", "--config"));
        assertTrue(err().contains("--config needs a value"), err());
    }

    @Test
    void brokenConfigExitsTwoNamingFileAndLine() {
        Path broken = Path.of("..", "examples", "broken.conf");
        assertTrue(Files.isRegularFile(broken), "examples/broken.conf is shipped");
        assertEquals(2, run("daemon", "--sim", "../examples/san-small.json", "--config", broken.toString()));
        assertTrue(err().matches("(?s).*broken\\.conf:8: .*"), err());
    }

    @Test
    void missingConfigFileIsReported(@TempDir Path dir) {
        assertEquals(2, run("dry-run", "--config", dir.resolve("nope.conf").toString()));
        assertTrue(err().contains("nope.conf:0: no such file"), err());
    }

    @Test
    void realKernelModeWithoutDeviceMapperPointsAtSim() {
        if (KernelPorts.unsupportedReason() == null) return; // a host with device-mapper: nothing to refuse
        assertEquals(1, run("daemon", "--config", "../examples/multipath.conf"));
        assertTrue(err().contains("--sim"), err());
    }

    @Test
    void badTopologyIsAUsageError(@TempDir Path dir) throws Exception {
        Path topo = dir.resolve("t.json");
        Files.writeString(topo, "{\"luns\": [{\"wwid\": 7}]}");
        assertEquals(2, run("dry-run", "--sim", topo.toString(), "--config", "../examples/multipath.conf"));
        assertTrue(err().contains("t.json"), err());
    }

    @Test
    void dryRunOnTheExampleTopologyPrintsEveryTable() {
        assertEquals(0, run("dry-run", "--sim", "../examples/san-small.json", "--config", "../examples/multipath.conf"));
        String text = out();
        long creates = text.lines().filter(l -> l.startsWith("create: ")).count();
        assertEquals(8, creates, text);
        assertTrue(text.contains("mpatha (360014050000000000000000000a11ce0)"), text);
    }

    @Test
    void dryRunJsonIsMachineReadable() {
        assertEquals(0, run("dry-run", "--sim", "../examples/san-small.json", "--config", "../examples/multipath.conf", "--json"));
        var maps = new io.vertx.core.json.JsonObject(out()).getJsonArray("maps");
        assertEquals(8, maps.size(), out());
        for (int i = 0; i < maps.size(); i++) {
            assertEquals("create", maps.getJsonObject(i).getString("action"));
            assertTrue(maps.getJsonObject(i).getString("table").startsWith("0 "), out());
        }
    }
}
