package io.mpathvx.api;

import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.sim.DmCall;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.core.testkit.BlockedThreadGuard;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.mpathvx.reconciler.naming.WwidsFile;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LUN contract of issue 14 ({@code PUT}/{@code DELETE /v1/luns/WWID} and {@code mpathvx ensure/release}) against
 * a running daemon on the simulated kernel; outcomes checked on the simulated kernel and the state files.
 */
@ExtendWith(BlockedThreadGuard.class)
class LunSimTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    static final String GREEDY = """
            defaults {
                polling_interval 1
                find_multipaths greedy
                user_friendly_names no
                no_path_retry queue
            }
            """;

    /** SCSI LUN numbers for hot-added LUNs, above those of the generated SAN. */
    private static final java.util.concurrent.atomic.AtomicInteger NEXT_LUN = new java.util.concurrent.atomic.AtomicInteger(1000);

    @TempDir
    Path state;
    private AdminFixture f;

    @AfterEach
    void stop() throws Exception {
        if (f != null) f.close();
    }

    private static String wwid(int i) {
        return String.format("36001405bbbbbbbbbbbbbbbbbbbb%05d", i);
    }

    /** {@code luns} LUNs of two paths each (hosts 0 and 1), 64 MiB. */
    private static SimulatedKernel san(int luns) throws Exception {
        StringBuilder sb = new StringBuilder("{\"hosts\": [0, 1], \"luns\": [");
        for (int i = 0; i < luns; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"wwid\": \"").append(wwid(i)).append("\", \"sizeMb\": 64, \"vendor\": \"LIO-ORG\","
                    + " \"product\": \"disk\", \"paths\": [{\"host\": 0}, {\"host\": 1}]}");
        }
        return new SimulatedKernel(SanTopology.parse(new JsonObject(sb.append("]}").toString())));
    }

    private AdminFixture start(SimulatedKernel sim, String config) throws Exception {
        f = new AdminFixture(sim, config, options(), null);
        return f;
    }

    private ReconcilerOptions options() {
        return ReconcilerOptions.inMemory().withFiles(state.resolve("bindings"), state.resolve("wwids"));
    }

    private static SanTopology.LunSpec lun(String wwid, String vendor, int... hosts) {
        List<SanTopology.PathSpec> ps = new ArrayList<>();
        for (int h : hosts) ps.add(new SanTopology.PathSpec(h, 0, 0, "running", null, false, null));
        return new SanTopology.LunSpec(wwid, 64 * 2048, vendor, "disk", "1.0", null, NEXT_LUN.incrementAndGet(), ps);
    }

    private SocketHttp.Response ensure(String wwid, String body) throws Exception {
        return f.http("PUT", "/v1/luns/" + wwid, body);
    }

    private SocketHttp.Response release(String wwid, String query) throws Exception {
        return f.http("DELETE", "/v1/luns/" + wwid + query, null);
    }

    private boolean kernelHasMapOf(String wwid) {
        return f.sim.snapshot().stream().anyMatch(m -> m.uuid().equals("mpath-" + wwid));
    }

    private long sdDevicesOf(String wwid) {
        return f.sim.paths().stream().filter(p -> p.wwid().equals(wwid)).count();
    }

    private java.util.Set<String> wwidsFile() throws Exception {
        Path file = state.resolve("wwids");
        return Files.exists(file) ? WwidsFile.parse(Files.readString(file)) : java.util.Set.of();
    }

    private static JsonObject json(SocketHttp.Response r) {
        return new JsonObject(r.body());
    }

    @Test
    void ensureWaitsForPathsThatAppearTwoSecondsLaterAndIsIdempotent() throws Exception {
        start(san(1), GREEDY);
        String w = "36001405cccccccccccccccccccccccc1";
        ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();
        try {
            long t0 = System.nanoTime();
            later.schedule(() -> f.sim.addLun(lun(w, "LIO-ORG", 0, 1)), 2, TimeUnit.SECONDS);
            SocketHttp.Response r = ensure(w, "{\"minPaths\": 2, \"timeoutMs\": 20000}");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, r.status(), r.body());
            assertTrue(ms >= 2000, "answered after " + ms + " ms, before the paths existed");
            JsonObject o = json(r);
            assertEquals(w, o.getString("wwid"));
            assertEquals("/dev/mapper/" + w, o.getString("device"));
            assertTrue(o.getString("dm").matches("dm-\\d+"), o.encode());
            assertEquals(64L * 2048, o.getLong("size_sectors"));
            assertEquals(2, o.getJsonArray("paths").size(), o.encode());
            assertTrue(kernelHasMapOf(w));
            // again: the same answer at once, nothing done twice
            long creates = f.sim.calls().count(DmCall.CREATE);
            SocketHttp.Response again = ensure(w, "{\"minPaths\": 2}");
            assertEquals(200, again.status(), again.body());
            assertEquals(o.getString("dm"), json(again).getString("dm"));
            assertEquals(creates, f.sim.calls().count(DmCall.CREATE));
        } finally {
            later.shutdownNow();
        }
    }

    @Test
    void eachTypedFailureComesFromTheScenarioThatCausesIt() throws Exception {
        String wBlack = wwid(0);
        start(san(1), GREEDY + "blacklist {\n    wwid " + wBlack + "\n}\n");
        // blacklisted by WWID, before anything is waited for
        SocketHttp.Response r = ensure(wBlack, "{\"timeoutMs\": 60000}");
        assertEquals(409, r.status(), r.body());
        assertEquals("blacklisted", json(r).getString("reason"));
        assertEquals("blacklist wwid " + wBlack, json(r).getString("rule"));
        // no path at all
        r = ensure("36001405cccccccccccccccccccccccc3", "{\"timeoutMs\": 200}");
        assertEquals(404, r.status(), r.body());
        assertEquals("no_paths", json(r).getString("reason"));
        // fewer usable paths than asked for: timeout naming what is missing
        String w2 = "36001405cccccccccccccccccccccccc4";
        f.sim.addLun(lun(w2, "LIO-ORG", 0, 1));
        r = ensure(w2, "{\"minPaths\": 3, \"timeoutMs\": 500}");
        assertEquals(408, r.status(), r.body());
        assertEquals("timeout", json(r).getString("reason"));
        assertTrue(json(r).getString("missing").contains("2 usable path(s), 3 wanted"), r.body());
        // the kernel refuses the map
        String w3 = "36001405cccccccccccccccccccccccc5";
        f.sim.faults().failNext(DmCall.CREATE, Errno.ENOMEM, 1000);
        f.sim.addLun(lun(w3, "LIO-ORG", 0, 1));
        r = ensure(w3, "{\"timeoutMs\": 1000}");
        f.sim.faults().clear();
        assertEquals(409, r.status(), r.body());
        assertEquals("kernel_error", json(r).getString("reason"));
        assertTrue(json(r).getString("kernel_error").contains("ENOMEM"), r.body());
    }

    @Test
    void notMultipathedSaysTheModeAndForceAddsTheWwid() throws Exception {
        start(san(0), GREEDY.replace("greedy", "strict"));
        String w = "36001405cccccccccccccccccccccccc6";
        f.sim.addLun(lun(w, "LIO-ORG", 0, 1));
        SocketHttp.Response r = ensure(w, "{\"timeoutMs\": 500}");
        assertEquals(409, r.status(), r.body());
        assertEquals("not_multipathed", json(r).getString("reason"));
        assertEquals("strict", json(r).getString("find_multipaths"));
        assertFalse(kernelHasMapOf(w));
        r = ensure(w, "{\"timeoutMs\": 20000, \"force\": true}");
        assertEquals(200, r.status(), r.body());
        assertTrue(kernelHasMapOf(w));
        await().atMost(WAIT).until(() -> wwidsFile().contains(w));
    }

    @Test
    void pathsThatDisagreeInSizeAreASizeMismatch() throws Exception {
        // find_multipaths yes: one path makes no map, so the second one is where the sizes are compared
        start(san(0), GREEDY.replace("greedy", "yes"));
        String w = "36001405cccccccccccccccccccccccc7";
        f.sim.addLun(lun(w, "LIO-ORG", 0));
        await().atMost(WAIT).until(() -> f.daemon.snapshot().pathsOf(w).size() == 1);
        // a second target port reports the LUN at twice its size; the daemon first hears of it from a change uevent
        f.sim.faults().dropUevents(4); // its hot-plug: scsi add, bdi add, disk add, bind
        String second = f.sim.addPath(w, new SanTopology.PathSpec(1, 0, 0, "running", null, false, null));
        f.sim.setPathSize(second, 128 * 2048);
        f.sim.triggerChange(second);
        SocketHttp.Response r = ensure(w, "{\"timeoutMs\": 1000}");
        assertEquals(409, r.status(), r.body());
        assertEquals("size_mismatch", json(r).getString("reason"));
        assertTrue(json(r).getString("error").contains("paths differ in size"), r.body());
    }

    @Test
    void releaseOfAnOpenMapIsRefusedWithItsHoldersNamedAndTheMapStays() throws Exception {
        start(san(1), GREEDY);
        String w = wwid(0);
        assertEquals(200, ensure(w, "{}").status());
        var map = f.sim.snapshot(w).orElseThrow();
        // an LV on top of the map, and the open it holds
        f.sim.create("vg0-lv0", "LVM-test");
        f.sim.loadTable("vg0-lv0", List.of(new DmTarget(0, 2048, "linear", map.devt() + " 0")));
        f.sim.resume("vg0-lv0");
        f.sim.openDevice(w);
        SocketHttp.Response r = release(w, "");
        assertEquals(409, r.status(), r.body());
        JsonObject o = json(r);
        assertEquals("in_use", o.getString("reason"));
        assertEquals(1, o.getInteger("open_count"));
        assertTrue(o.getJsonArray("holders").getString(0).startsWith("vg0-lv0 (dm-"), r.body());
        assertTrue(kernelHasMapOf(w));
        // the CLI's exit code says in_use
        AdminFixture.Run cli = f.cli("release", w);
        assertEquals(LunRefusal.Reason.IN_USE.exitCode, cli.exit(), cli.err());
        // still the daemon's: queueing as configured
        assertTrue(f.sim.snapshot(w).orElseThrow().tableParams().contains("queue_if_no_path"));
    }

    @Test
    void releaseWithDeletePathsLeavesNoMapNoSdDeviceAndNoWwidsEntry() throws Exception {
        start(san(2), GREEDY);
        String w = wwid(0);
        assertEquals(200, ensure(w, "{\"minPaths\": 2}").status());
        await().atMost(WAIT).until(() -> wwidsFile().contains(w));
        SocketHttp.Response r = release(w, "?deletePaths=true");
        assertEquals(200, r.status(), r.body());
        assertEquals(2, json(r).getJsonArray("paths_deleted").size(), r.body());
        assertFalse(kernelHasMapOf(w));
        assertEquals(0, sdDevicesOf(w));
        assertFalse(wwidsFile().contains(w));
        await().atMost(WAIT).until(() -> f.daemon.snapshot().pathsOf(w).isEmpty());
        assertTrue(kernelHasMapOf(wwid(1)), "the other LUN keeps its map");
        // released again: already gone
        r = release(w, "");
        assertEquals(200, r.status(), r.body());
        assertTrue(json(r).getBoolean("already_gone"));
    }

    @Test
    void aReleasedLunStaysWithoutAMapAcrossLateUeventsAndARestartUntilEnsured() throws Exception {
        SimulatedKernel sim = san(1);
        start(sim, GREEDY);
        String w = wwid(0);
        AdminFixture.Run cli = f.cli("release", w);
        assertEquals(0, cli.exit(), cli.err());
        assertFalse(kernelHasMapOf(w));
        // a late uevent does not bring it back
        sim.paths().stream().filter(p -> p.wwid().equals(w)).forEach(p -> sim.triggerChange(p.name()));
        f.daemon.idle().await();
        assertFalse(kernelHasMapOf(w));
        // nor does a restart
        f.stopDaemon();
        f = new AdminFixture(sim, GREEDY, options(), null);
        assertFalse(kernelHasMapOf(w));
        assertTrue(Files.readString(state.resolve(io.mpathvx.reconciler.Reconciler.RELEASED_FILE)).contains(w));
        // ensure brings it back, through the CLI
        cli = f.cli("ensure", w, "--min-paths", "2", "--timeout", "20");
        assertEquals(0, cli.exit(), cli.err());
        assertTrue(new JsonObject(cli.out()).getString("device").endsWith(w));
        assertTrue(kernelHasMapOf(w));
        assertFalse(Files.readString(state.resolve(io.mpathvx.reconciler.Reconciler.RELEASED_FILE)).contains(w));
    }

    @Test
    void aReleasedLunWhosePathsGoAndComeBackIsMultipathedAgain() throws Exception {
        start(san(1), GREEDY);
        String w = wwid(0);
        assertEquals(200, release(w, "").status());
        f.sim.removeLun(w);
        await().atMost(WAIT).until(() -> f.daemon.snapshot().pathsOf(w).isEmpty());
        f.sim.addLun(lun(w, "LIO-ORG", 0, 1));
        await().atMost(WAIT).until(() -> kernelHasMapOf(w));
    }

    @Test
    void cliExitCodesAndBadRequests() throws Exception {
        start(san(1), GREEDY);
        AdminFixture.Run cli = f.cli("ensure", "36001405cccccccccccccccccccccccc9", "--timeout", "0.2");
        assertEquals(LunRefusal.Reason.NO_PATHS.exitCode, cli.exit(), cli.err());
        assertEquals(Main.USAGE, f.cli("ensure").exit());
        assertEquals(Main.USAGE, f.cli("release", wwid(0), "--min-paths", "2").exit());
        assertEquals(400, ensure(wwid(0), "{\"minPaths\": \"two\"}").status());
        assertEquals(400, ensure(wwid(0), "{\"timeoutMs\": -1}").status());
        assertEquals(400, ensure("bad%20wwid", "{}").status());
        assertEquals(400, release(wwid(0), "?deletePaths=maybe").status());
    }

    @Test
    void aThousandEnsuresAndReleasesOnFiftyLunsLeaveNothingBehindAndNeverA5xx() throws Exception {
        int luns = 50;
        start(san(luns), GREEDY);
        List<CompletableFuture<List<Integer>>> loops = new ArrayList<>();
        var pool = Executors.newFixedThreadPool(16);
        try {
            for (int i = 0; i < luns; i++) {
                String w = wwid(i);
                loops.add(CompletableFuture.supplyAsync(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    try {
                        for (int n = 0; n < 10; n++) {
                            statuses.add(ensure(w, "{\"minPaths\": 2, \"timeoutMs\": 60000}").status());
                            statuses.add(release(w, n == 9 ? "?deletePaths=true" : "").status());
                        }
                    } catch (Exception e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                    return statuses;
                }, pool));
            }
            int calls = 0;
            for (var l : loops) {
                for (int s : l.get(5, TimeUnit.MINUTES)) {
                    calls++;
                    assertEquals(200, s);
                }
            }
            assertEquals(1000, calls);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), f.sim.snapshot(), "no map left");
        assertEquals(List.of(), f.sim.paths(), "no sd device left");
        assertEquals(java.util.Set.of(), wwidsFile(), "no wwids entry left");
        await().atMost(WAIT).until(() -> f.daemon.snapshot().mapCount() == 0 && f.daemon.snapshot().pathCount() == 0);
    }
}
