package io.mpathvx.api;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.core.sim.DmCall;
import io.mpathvx.core.sim.MapSnapshot;
import io.mpathvx.core.testkit.BlockedThreadGuard;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;

import static io.mpathvx.api.AdminFixture.W1;
import static io.mpathvx.api.AdminFixture.W2;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operator action through the {@code mpathvx} client and the admin socket, against a running daemon on the
 * simulated kernel; each checked on the simulated kernel's tables and status, not on the daemon's snapshot.
 */
@ExtendWith(BlockedThreadGuard.class)
class AdminSimTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private AdminFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new AdminFixture();
        f.awaitPathsInMaps(4, WAIT);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private MapSnapshot kernel(String map) {
        return f.sim.snapshot(map).orElseThrow(() -> new AssertionError("no map " + map + " in the kernel"));
    }

    private MultipathStatus status(String map) throws Exception {
        return MultipathStatus.parse(kernel(map).statusParams());
    }

    private MultipathTable table(String map) throws Exception {
        return MultipathTable.parse(kernel(map).tableParams());
    }

    private boolean active(String map, DevT devt) throws Exception {
        return status(map).groups().stream().flatMap(g -> g.paths().stream()).filter(p -> p.devt().equals(devt))
                .findFirst().orElseThrow().active();
    }

    private String pathOf(String wwid) {
        return f.sim.paths().stream().filter(p -> p.wwid().equals(wwid)).findFirst().orElseThrow().name();
    }

    private DevT devtOf(String path) {
        return f.sim.path(path).orElseThrow().devt();
    }

    private long checks() {
        return f.daemon.snapshot().counters().getOrDefault("checks", 0L);
    }

    private void ok(AdminFixture.Run r) {
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("ok\n", r.out());
    }

    @Test
    void failPathFailsItInTheKernelAndCheckingDoesNotReinstateItUntilReinstated() throws Exception {
        String p = pathOf(W1);
        ok(f.cli("fail", "path", p));
        assertFalse(active(W1, devtOf(p)), "the kernel has the path failed when the reply comes");
        // the checker sees the path up: multipathd's checker_disable keeps it failed; two more rounds of checks
        long seen = checks();
        await().atMost(WAIT).until(() -> checks() >= seen + 8);
        assertFalse(active(W1, devtOf(p)), "still failed after the checker ran");
        ok(f.cli("reinstate", "path", p));
        assertTrue(active(W1, devtOf(p)));
        long again = checks();
        await().atMost(WAIT).until(() -> checks() >= again + 8);
        assertTrue(active(W1, devtOf(p)), "a reinstated path the checker finds up stays active");
    }

    @Test
    void switchgroupSwitchesTheKernelsNextGroup() throws Exception {
        assertEquals(2, table(W1).groups().size(), "failover: one group per path");
        int other = status(W1).nextGroup() == 2 ? 1 : 2;
        ok(f.cli("switchgroup", "map", W1, "group", String.valueOf(other)));
        assertEquals(other, status(W1).nextGroup());
        AdminFixture.Run bad = f.cli("switchgroup", "map", W1, "group", "3");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().startsWith("fail\n") && bad.err().contains("no group 3"), bad.err());
    }

    @Test
    void disableAndRestoreQueueingChangeTheTableFeaturesAndStay() throws Exception {
        assertTrue(table(W1).features().contains("queue_if_no_path"));
        ok(f.cli("disablequeueing", "map", W1));
        assertFalse(table(W1).features().contains("queue_if_no_path"));
        assertTrue(table(W2).features().contains("queue_if_no_path"), "the other map keeps queueing");
        // a path coming back must not turn queueing on behind the operator's back
        String p = pathOf(W1);
        ok(f.cli("fail", "path", p));
        ok(f.cli("reinstate", "path", p));
        f.daemon.idle().await();
        assertFalse(table(W1).features().contains("queue_if_no_path"));
        ok(f.cli("restorequeueing", "map", W1));
        assertTrue(table(W1).features().contains("queue_if_no_path"));
        ok(f.cli("disablequeueing", "maps"));
        assertFalse(table(W1).features().contains("queue_if_no_path") || table(W2).features().contains("queue_if_no_path"));
        ok(f.cli("restorequeueing", "maps"));
        assertTrue(table(W1).features().contains("queue_if_no_path") && table(W2).features().contains("queue_if_no_path"));
    }

    @Test
    void flushIsRefusedWhileTheMapIsOpenAndThenRemovesItForGood() throws Exception {
        f.sim.openDevice(W1);
        AdminFixture.Run refused = f.cli("del", "map", W1);
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("in use (open count 1)"), refused.err());
        assertTrue(f.sim.snapshot(W1).isPresent(), "an open map stays");
        SocketHttp.Response http = f.http("DELETE", "/v1/maps/" + W1, null);
        assertEquals(409, http.status());
        assertTrue(new JsonObject(http.body()).getString("error").contains("in use"), http.body());

        f.sim.closeDevice(W1);
        ok(f.cli("-f", W1));
        assertTrue(f.sim.snapshot(W1).isEmpty(), "flushed");
        f.daemon.idle().await();
        f.sim.triggerChange(pathOf(W1)); // path events must not bring a flushed map back
        f.daemon.idle().await();
        assertTrue(f.sim.snapshot(W1).isEmpty(), "a flushed map is not created again");
        assertTrue(f.sim.snapshot(W2).isPresent());

        ok(f.cli("add", "map", W1));
        assertTrue(f.sim.snapshot(W1).isPresent(), "add map creates it again");
    }

    @Test
    void flushAllUnusedKeepsTheOpenOnes() throws Exception {
        f.sim.openDevice(W2);
        AdminFixture.Run r = f.cli("-F");
        assertEquals(1, r.exit(), "one map stayed: fail, with the reason");
        assertTrue(r.err().contains(W2) && r.err().contains("in use"), r.err());
        assertTrue(f.sim.snapshot(W1).isEmpty());
        assertTrue(f.sim.snapshot(W2).isPresent());
        f.sim.closeDevice(W2);
    }

    @Test
    void resizeMapTakesTheNewSizeOfItsPaths() throws Exception {
        long before = kernel(W1).table().get(0).length();
        f.sim.faults().dropUevents(2); // the resize uevents get lost: only the operator's command resizes
        f.sim.resizeLun(W1, before * 2);
        f.daemon.idle().await();
        assertEquals(before, kernel(W1).table().get(0).length());
        ok(f.cli("resize", "map", W1));
        assertEquals(before * 2, kernel(W1).table().get(0).length());
        assertEquals(before, kernel(W2).table().get(0).length());
    }

    @Test
    void suspendResumeAndReloadReachTheKernel() throws Exception {
        ok(f.cli("suspend", "map", W1));
        assertTrue(kernel(W1).suspended());
        ok(f.cli("resume", "map", W1));
        assertFalse(kernel(W1).suspended());
        long loads = f.sim.calls().count(DmCall.TABLE_LOAD);
        ok(f.cli("reload", "map", W1));
        assertEquals(loads + 1, f.sim.calls().count(DmCall.TABLE_LOAD));
    }

    @Test
    void reconfigureReloadsOnlyTheMapWhoseConfigurationChanged() throws Exception {
        String w1 = kernel(W1).tableParams();
        long loads = f.sim.calls().count(DmCall.TABLE_LOAD);
        ok(f.cli("reconfigure"));
        assertEquals(loads, f.sim.calls().count(DmCall.TABLE_LOAD), "same configuration: nothing reloaded");
        f.configText = AdminFixture.CONFIG + """
                multipaths {
                    multipath {
                        wwid %s
                        path_selector "round-robin 0"
                    }
                }
                """.formatted(W2);
        ok(f.cli("reconfigure"));
        await().atMost(WAIT).until(() -> kernel(W2).tableParams().contains("round-robin"));
        assertEquals(w1, kernel(W1).tableParams(), "the unaffected map is untouched");
        f.configText = "defaults {\n  polling_interval nonsense\n";
        AdminFixture.Run bad = f.cli("reconfigure");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("test.conf"), "FILE:LINE: reason: " + bad.err());
    }

    @Test
    void showCommandsPrintMultipathdLayouts() throws Exception {
        AdminFixture.Run maps = f.cli("show", "maps");
        assertEquals(0, maps.exit(), maps.err());
        assertTrue(maps.out().startsWith("name") && maps.out().contains(W1) && maps.out().contains(W2), maps.out());
        AdminFixture.Run topo = f.cli("-ll");
        assertTrue(topo.out().contains(W1 + " dm-") && topo.out().contains("policy='service-time 0'"), topo.out());
        assertEquals(topo.out().lines().findFirst(), f.cli("-kshow topology").out().lines().findFirst());
        AdminFixture.Run json = f.cli("--json", "show", "maps");
        JsonObject doc = new JsonObject(json.out());
        assertEquals(2, doc.getJsonArray("maps").size());
        // %N counts the paths the checker found ready: both, once each was checked
        await().atMost(WAIT).until(() -> f.cli("show", "maps", "format", "%n %N").out().contains(W1 + " 2"));
        AdminFixture.Run bogus = f.cli("show", "bogus");
        assertEquals(2, bogus.exit(), "checked by the client: a usage error");
        assertTrue(bogus.err().contains("unknown command 'show bogus'"), bogus.err());
        SocketHttp.Response reply = f.http("POST", "/v1/cli", "{\"command\": \"show bogus\"}");
        assertTrue(new JsonObject(reply.body()).getString("reply").startsWith("fail\nshow bogus: not found\n"), reply.body());
        assertEquals(0, f.cli("sho", "wildc").exit(), "unique prefixes");
    }

    @Test
    void shutdownIsAskedOnce() {
        ok(f.cli("shutdown"));
        await().atMost(WAIT).until(() -> f.shutdowns.get() == 1);
    }

    @Test
    void restRoutesAnswerWithTheKernelsState() throws Exception {
        String p = pathOf(W2);
        SocketHttp.Response r = f.http("POST", "/v1/paths/" + p + "/fail", "");
        assertEquals(200, r.status(), r.body());
        assertEquals("failed", new JsonObject(r.body()).getString("dm_st"));
        assertFalse(active(W2, devtOf(p)));
        r = f.http("POST", "/v1/paths/" + p + "/reinstate", null);
        assertEquals("active", new JsonObject(r.body()).getString("dm_st"));
        r = f.http("POST", "/v1/maps/" + W2 + "/switchgroup", "{\"group\": 2}");
        assertEquals(200, r.status(), r.body());
        assertEquals(2, status(W2).nextGroup());
        r = f.http("POST", "/v1/maps/" + W2 + "/disablequeueing", null);
        assertFalse(new JsonObject(r.body()).getString("table").contains("queue_if_no_path"));
        assertFalse(table(W2).features().contains("queue_if_no_path"));
        assertEquals(200, f.http("POST", "/v1/restorequeueing", null).status());
        assertTrue(table(W2).features().contains("queue_if_no_path"));
        assertEquals(200, f.http("POST", "/v1/reconfigure", null).status());
        JsonObject status = new JsonObject(f.http("GET", "/v1/status", null).body());
        assertEquals(4, status.getInteger("paths"));
        String multipathd = f.http("GET", "/v1/maps?format=multipathd", null).body();
        assertEquals(List.of("major_version", "minor_version", "maps"), List.copyOf(new JsonObject(multipathd).fieldNames()));
    }

    @Test
    void theOtherRoutesReachTheKernelToo() throws Exception {
        String p = pathOf(W1);
        assertEquals(W1, new JsonObject(f.http("GET", "/v1/paths/" + p, null).body()).getString("map"));
        assertTrue(f.http("GET", "/v1/topology", null).body().contains(W1 + " dm-"));
        assertEquals(200, f.http("POST", "/v1/maps/" + W1 + "/suspend", null).status());
        assertTrue(kernel(W1).suspended());
        assertEquals(200, f.http("POST", "/v1/maps/" + W1 + "/resume", null).status());
        assertFalse(kernel(W1).suspended());
        long loads = f.sim.calls().count(DmCall.TABLE_LOAD);
        assertEquals(200, f.http("POST", "/v1/maps/" + W1 + "/reload", null).status());
        assertEquals(loads + 1, f.sim.calls().count(DmCall.TABLE_LOAD));
        long before = kernel(W1).table().get(0).length();
        f.sim.faults().dropUevents(2);
        f.sim.resizeLun(W1, before + 2048);
        SocketHttp.Response resized = f.http("POST", "/v1/maps/" + W1 + "/resize", null);
        assertEquals(before + 2048, new JsonObject(resized.body()).getLong("size_sectors"), resized.body());
        assertEquals(before + 2048, kernel(W1).table().get(0).length());
        assertEquals(200, f.http("POST", "/v1/disablequeueing", null).status());
        assertFalse(table(W1).features().contains("queue_if_no_path") || table(W2).features().contains("queue_if_no_path"));
        assertEquals(200, f.http("POST", "/v1/maps/" + W1 + "/flush", null).status());
        assertTrue(f.sim.snapshot(W1).isEmpty());
        assertEquals(200, f.http("POST", "/v1/maps", "{\"wwid\": \"" + W1 + "\"}").status());
        assertTrue(f.sim.snapshot(W1).isPresent());
        SocketHttp.Response all = f.http("DELETE", "/v1/maps", null);
        assertEquals(2, new JsonObject(all.body()).getJsonArray("flushed").size(), all.body());
        assertTrue(f.sim.snapshot().isEmpty());
        assertEquals(200, f.http("POST", "/v1/shutdown", null).status());
        await().atMost(WAIT).until(() -> f.shutdowns.get() == 1);
    }
}
