package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.kernel.Sysfs;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * A path lookup still running (its sysfs reads held back): {@link Daemon#idle()} waits for it, so the snapshot read
 * after it is current; {@link Daemon#stop()} drops its answer, so nothing is checked or reloaded behind the stop.
 */
class DaemonPendingLookupSimTest {
    private static final String W = "36001405aaaaaaaaaaaaaaaaaaaaaaaa1";
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final CountDownLatch gate = new CountDownLatch(1);
    private Vertx vertx;
    private SimulatedKernel sim;
    private Daemon daemon;

    @AfterEach
    void stop() {
        gate.countDown();
        if (daemon != null) daemon.stop().await();
        if (vertx != null) vertx.close().await();
        if (sim != null) sim.close();
    }

    /** The simulated kernel's sysfs, except that reads of devices not in {@code known} wait for the gate. */
    private Sysfs gated(Sysfs sysfs, Set<String> known) {
        return new Sysfs() {
            private void pass(String path) {
                String[] parts = path.split("/");
                if (parts.length < 2 || !parts[0].equals("block") || known.contains(parts[1])) return;
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public Optional<String> read(String path) throws IOException {
                pass(path);
                return sysfs.read(path);
            }

            @Override
            public Optional<byte[]> readBytes(String path) throws IOException {
                pass(path);
                return sysfs.readBytes(path);
            }

            @Override
            public List<String> list(String dir) throws IOException {
                return sysfs.list(dir);
            }

            @Override
            public Optional<String> readLink(String path) throws IOException {
                pass(path);
                return sysfs.readLink(path);
            }

            @Override
            public void write(String path, String value) throws IOException {
                sysfs.write(path, value);
            }

            @Override
            public Optional<Map<String, String>> udevProperties(DevT devt) throws IOException {
                return sysfs.udevProperties(devt);
            }
        };
    }

    /** A daemon on one LUN with two paths; a third path's reads wait for the gate. */
    private void start() throws Exception {
        sim = new SimulatedKernel(SanTopology.parse(new JsonObject("""
                {"hosts": [0, 1, 2], "luns": [{"wwid": "%s", "sizeMb": 64, "paths": [{"host": 0}, {"host": 1}]}]}
                """.formatted(W))));
        Set<String> known = Set.copyOf(sim.paths().stream().map(p -> p.name()).toList());
        KernelPorts sims = KernelPorts.simulated(sim, "test");
        vertx = Vertx.vertx();
        daemon = Daemon.start(vertx, new KernelPorts("gated", sims.dm(), gated(sim, known), sims.scsi(), sims.nvme(), sims.reads(), sims.uevents(),
                sims.checkers()), ConfigLoader.parse("defaults {\n find_multipaths greedy\n}\n", "t.conf").config(),
                ReconcilerOptions.inMemory()).await();

        daemon.idle().await();
    }

    /** One task through the daemon's loop: everything queued on it before has run. */
    private void turn() {
        Promise<Void> p = Promise.promise();
        daemon.loop().runOnContext(v -> p.complete());
        p.future().await();
    }

    @Test
    void idleWaitsForAPathLookupAndTheReconcileItCauses() throws Exception {
        start();
        String added = sim.addPath(W, new SanTopology.PathSpec(2, 0, 0, "running", null, false, null));
        await().atMost(WAIT).until(() -> daemon.snapshot().counters().getOrDefault("lookups_pending", 0L) == 1);
        Future<Void> idle = daemon.idle();
        turn();
        turn();
        assertFalse(idle.isComplete(), "idle while the new path's sysfs read is still running");

        gate.countDown();
        idle.await();
        String map = daemon.snapshot().map(W).orElseThrow().name();
        assertEquals(map, daemon.snapshot().path(added).orElseThrow().map(), "the path is in its map once idle");
    }

    @Test
    void stopDropsTheAnswerOfALookupStillRunningAndLeavesQueueingOff() throws Exception {
        start();
        sim.addPath(W, new SanTopology.PathSpec(2, 0, 0, "running", null, false, null));
        await().atMost(WAIT).until(() -> daemon.snapshot().counters().getOrDefault("lookups_pending", 0L) == 1);
        Future<Void> stopped = daemon.stop();
        gate.countDown();
        stopped.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        daemon.idle().await(WAIT.toSeconds(), TimeUnit.SECONDS);
        MultipathTable table = MultipathTable.parse(sim.snapshot(W).orElseThrow().table().get(0).params());
        assertEquals(2, table.groups().stream().mapToInt(g -> g.paths().size()).sum(), "no path added after the stop");
        assertFalse(table.features().contains("queue_if_no_path"), "queueing stays off (queue_without_daemon no)");
    }
}
