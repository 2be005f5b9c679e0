package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.core.sim.DiskState;
import io.mpathvx.core.sim.MapSnapshot;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The whole daemon (uevents, dm events, reconciler, checkers, state machine) against the simulated kernel. */
class DaemonSimTest {
    private static final String CONFIG = """
            defaults {
                polling_interval 1
                find_multipaths greedy
                user_friendly_names no
                no_path_retry 2
            }
            """;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Vertx vertx;
    private SimulatedKernel sim;
    private Daemon daemon;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        sim = new SimulatedKernel(SanTopology.parse(new JsonObject("""
                {"hosts": [0, 1], "luns": [
                  {"wwid": "36001405aaaaaaaaaaaaaaaaaaaaaaaa1", "sizeMb": 64, "vendor": "LIO-ORG", "product": "disk",
                   "paths": [{"host": 0}, {"host": 1}]},
                  {"wwid": "36001405aaaaaaaaaaaaaaaaaaaaaaaa2", "sizeMb": 64, "vendor": "LIO-ORG", "product": "disk",
                   "paths": [{"host": 0}, {"host": 1}]}]}
                """)));
        daemon = Daemon.start(vertx, KernelPorts.simulated(sim, "test"), config(), ReconcilerOptions.inMemory()).await();
    }

    private static final String W1 = "36001405aaaaaaaaaaaaaaaaaaaaaaaa1";
    private static final String W2 = "36001405aaaaaaaaaaaaaaaaaaaaaaaa2";

    private static io.mpathvx.core.config.MultipathConfig config() {
        return config(CONFIG);
    }

    private static io.mpathvx.core.config.MultipathConfig config(String text) {
        try {
            return ConfigLoader.parse(text, "test.conf").config();
        } catch (io.mpathvx.core.config.ConfigException e) {
            throw new AssertionError(e);
        }
    }

    @AfterEach
    void stop() {
        daemon.stop().await();
        vertx.close().await();
        sim.close();
    }

    private Optional<MapSnapshot> map(String wwid) {
        return sim.snapshot(wwid);
    }

    private MultipathStatus status(String wwid) throws Exception {
        return MultipathStatus.parse(map(wwid).orElseThrow().status().get(0).params());
    }

    @Test
    void startupCreatesOneMapPerLunWithAllPaths() throws Exception {
        for (String w : List.of("36001405aaaaaaaaaaaaaaaaaaaaaaaa1", "36001405aaaaaaaaaaaaaaaaaaaaaaaa2")) {
            MultipathStatus st = status(w);
            assertEquals(2, st.groups().stream().mapToInt(g -> g.paths().size()).sum(), w);
        }
        assertEquals(2, sim.calls().count(io.mpathvx.core.sim.DmCall.CREATE));
        await().atMost(WAIT).until(() -> daemon.snapshot().maps().size() == 2
                && daemon.snapshot().paths().stream().allMatch(p -> !p.map().isEmpty()));
    }

    @Test
    void aRestartAdoptsTheMapsAndChangesNothing() {
        await().atMost(WAIT).until(() -> daemon.snapshot().maps().size() == 2);
        daemon.stop().await();
        var calls = io.mpathvx.core.sim.DmCall.values();
        long[] before = new long[calls.length];
        for (var c : calls) before[c.ordinal()] = sim.calls().count(c);
        daemon = Daemon.start(vertx, KernelPorts.simulated(sim, "test"), config(), ReconcilerOptions.inMemory()).await();
        daemon.idle().await();
        for (var c : List.of(io.mpathvx.core.sim.DmCall.CREATE, io.mpathvx.core.sim.DmCall.TABLE_LOAD,
                io.mpathvx.core.sim.DmCall.SUSPEND, io.mpathvx.core.sim.DmCall.REMOVE)) {
            assertEquals(before[c.ordinal()], sim.calls().count(c), c + " on restart");
        }
        assertEquals(2, daemon.snapshot().maps().size());
        // queueing, turned off when the first daemon stopped, is back (multipathd's set_no_path_retry)
        await().atMost(WAIT).until(() -> !queueIfNoPathOff(W1) && !queueIfNoPathOff(W2));
    }

    @Test
    void reconfigureReloadsOnlyTheMapWhoseTableChanges() throws Exception {
        await().atMost(WAIT).until(() -> daemon.snapshot().maps().size() == 2);
        daemon.idle().await();
        String w1Table = map(W1).orElseThrow().table().get(0).params();
        long loads = sim.calls().count(io.mpathvx.core.sim.DmCall.TABLE_LOAD);
        daemon.reconfigure(config(CONFIG + """
                multipaths {
                    multipath {
                        wwid %s
                        path_selector "round-robin 0"
                    }
                }
                """.formatted(W2))).await();
        await().atMost(WAIT).until(() -> map(W2).orElseThrow().table().get(0).params().contains("round-robin"));
        daemon.idle().await();
        assertEquals(loads + 1, sim.calls().count(io.mpathvx.core.sim.DmCall.TABLE_LOAD), "one reload: W2's");
        assertEquals(w1Table, map(W1).orElseThrow().table().get(0).params(), "W1 untouched");
    }

    @Test
    void reconfigureAppliesANewNoPathRetryWithoutAReload() throws Exception {
        await().atMost(WAIT).until(() -> daemon.snapshot().maps().size() == 2 && !queueIfNoPathOff(W2));
        daemon.idle().await();
        long loads = sim.calls().count(io.mpathvx.core.sim.DmCall.TABLE_LOAD);
        daemon.reconfigure(config(CONFIG + """
                multipaths {
                    multipath {
                        wwid %s
                        no_path_retry fail
                    }
                }
                """.formatted(W2))).await();
        await().atMost(WAIT).until(() -> queueIfNoPathOff(W2));
        assertTrue(!queueIfNoPathOff(W1));
        assertEquals(loads, sim.calls().count(io.mpathvx.core.sim.DmCall.TABLE_LOAD), "queueing is a message, not a load");
    }

    @Test
    void stoppingTurnsQueueingOffOnEveryMapUnlessQueueWithoutDaemon() throws Exception {
        await().atMost(WAIT).until(() -> daemon.snapshot().maps().size() == 2 && !queueIfNoPathOff(W1));
        daemon.stop().await();
        assertTrue(queueIfNoPathOff(W1) && queueIfNoPathOff(W2), "no map may queue with no daemon to stop it");

        daemon = Daemon.start(vertx, KernelPorts.simulated(sim, "test"), config(CONFIG.replace("no_path_retry 2",
                "no_path_retry 2\n    queue_without_daemon yes")), ReconcilerOptions.inMemory()).await();
        await().atMost(WAIT).until(() -> !queueIfNoPathOff(W1) && !queueIfNoPathOff(W2));
        daemon.stop().await();
        assertTrue(!queueIfNoPathOff(W1) && !queueIfNoPathOff(W2), "queue_without_daemon yes keeps queueing");
    }

    @Test
    void aTableReloadedBehindOurBackIsPutBack() throws Exception {
        String w = "36001405aaaaaaaaaaaaaaaaaaaaaaaa1";
        await().atMost(WAIT).until(() -> pathCount(w) == 2);
        var live = map(w).orElseThrow().table().get(0);
        MultipathTable t = MultipathTable.parse(live.params());
        MultipathTable.Group g = t.groups().get(0);
        MultipathTable oneLess = new MultipathTable(t.features(), t.hwHandler(), 1, List.of(
                new MultipathTable.Group(g.selector(), g.selectorArgs(), g.paths().subList(0, 1))));
        // Another tool reloads the map: the kernel's resume uevent names no map, only its device number.
        sim.loadTable(w, List.of(new io.mpathvx.core.kernel.DmTarget(0, live.length(), "multipath", oneLess.format())));
        sim.resume(w);
        assertEquals(1, pathCount(w));
        await().atMost(WAIT).until(() -> pathCount(w) == 2);
    }

    @Test
    void aFailedPathIsReinstatedWhenItComesBack() {
        String w = "36001405aaaaaaaaaaaaaaaaaaaaaaaa1";
        String victim = sim.paths().stream().filter(p -> p.wwid().equals(w)).findFirst().orElseThrow().name();
        sim.setPathState(victim, DiskState.OFFLINE);
        sim.io(w);
        await().atMost(WAIT).until(() -> failedPaths(w) == 1);
        await().atMost(WAIT).until(() -> daemon.snapshot().paths().stream()
                .anyMatch(p -> p.name().equals(victim) && p.checkerState().equals("DOWN")));
        sim.setPathState(victim, DiskState.RUNNING);
        await().atMost(WAIT).until(() -> failedPaths(w) == 0);
    }

    @Test
    void noPathRetryStopsQueueingAfterTheRetriesAndAReturningPathRestoresIt() {
        String w = "36001405aaaaaaaaaaaaaaaaaaaaaaaa2";
        List<String> victims = sim.paths().stream().filter(p -> p.wwid().equals(w)).map(p -> p.name()).toList();
        victims.forEach(v -> sim.setPathState(v, DiskState.OFFLINE));
        sim.io(w);
        await().atMost(WAIT).until(() -> failedPaths(w) == 2);
        // no_path_retry 2 with polling_interval 1: fail_if_no_path after about two intervals.
        await().atMost(WAIT).until(() -> queueIfNoPathOff(w));
        sim.setPathState(victims.get(0), DiskState.RUNNING);
        await().atMost(WAIT).until(() -> failedPaths(w) == 1 && !queueIfNoPathOff(w));
    }

    @Test
    void hotAddedPathJoinsItsMapAndRemovedPathsLeaveIt() throws Exception {
        String w = "36001405aaaaaaaaaaaaaaaaaaaaaaaa1";
        String added = sim.addPath(w, new SanTopology.PathSpec(2, 0, 0, "running", null, false, null));
        await().atMost(WAIT).until(() -> pathCount(w) == 3);
        sim.removePath(added);
        await().atMost(WAIT).until(() -> pathCount(w) == 2);
        sim.paths().stream().filter(p -> p.wwid().equals(w)).map(p -> p.name()).toList().forEach(sim::removePath);
        await().atMost(WAIT).until(() -> map(w).isEmpty());
    }

    private int failedPaths(String wwid) throws Exception {
        return (int) status(wwid).groups().stream().flatMap(g -> g.paths().stream()).filter(p -> !p.active()).count();
    }

    private int pathCount(String wwid) throws Exception {
        return map(wwid).isEmpty() ? -1 : status(wwid).groups().stream().mapToInt(g -> g.paths().size()).sum();
    }

    /** Whether queueing is off: like the kernel, the table read back drops queue_if_no_path after fail_if_no_path. */
    private boolean queueIfNoPathOff(String wwid) throws Exception {
        return !MultipathTable.parse(map(wwid).orElseThrow().table().get(0).params()).features().contains("queue_if_no_path");
    }
}
