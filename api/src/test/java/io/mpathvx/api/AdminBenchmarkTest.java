package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Latency of the operator's reads over the admin socket with many maps: {@code GET /v1/maps} and {@code mpathvx show
 * maps} (the client's request, in this JVM: without the JVM start of the real binary), idle and during a storm of
 * path uevents on the simulated kernel. Prints p50/p99; asserts nothing.
 *
 * <p>{@code mvn -B -q -pl api -am test -Pbenchmark -Dtest=AdminBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.luns=10000 -Dbench.events=4000}; output in api/target/surefire-reports/io.mpathvx.api.AdminBenchmarkTest-output.txt.
 */
@Tag("benchmark")
class AdminBenchmarkTest {
    private static final int PATHS = 2;

    @TempDir
    Path dir;

    @Test
    void readsIdleAndDuringAStorm() throws Exception {
        LogSetup.configure(-1); // warnings only: 4,000 events would log 4,000 lines
        int luns = Integer.getInteger("bench.luns", 10_000);
        int events = Integer.getInteger("bench.events", 4_000);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(luns, PATHS));
        Daemon d = Daemon.start(vertx, KernelPorts.simulated(sim, "bench"), ConfigLoader.parse("""
                defaults {
                    polling_interval 5
                    find_multipaths no
                    user_friendly_names yes
                }
                """, "bench.conf").config(), ReconcilerOptions.defaults().withFiles(dir.resolve("bindings"), dir.resolve("wwids"))).await();
        long deadline = System.nanoTime() + 600_000_000_000L;
        while (d.snapshot().mapCount() < luns && System.nanoTime() < deadline) Thread.sleep(50); // benchmark set-up
        d.idle().await();
        Path socket = dir.resolve("mpathvx.sock");
        new ApiServer(vertx, d::snapshot, new AdminActions(d, () -> null, () -> { }))
                .listen(SocketAddress.domainSocketAddress(socket.toString()), ApiAccess.socketPeers(AdminSocket.ownUid(), -1)).await();
        System.out.printf("admin reads, simulated kernel, %d maps x %d paths, %d cores%n", d.snapshot().mapCount(), PATHS,
                Runtime.getRuntime().availableProcessors());

        Probe rest = () -> SocketHttp.request(socket, "GET", "/v1/maps", null).body().length();
        Probe cli = () -> ClientCommand.send(socket, "show maps").getString("reply").length();
        report("GET /v1/maps", "idle", measure(rest, 30, null));
        report("mpathvx show maps", "idle", measure(cli, 30, null));

        List<String> names = sim.paths().stream().map(p -> p.name()).limit(events).toList();
        report("GET /v1/maps", events + " path events", storm(rest, sim, names, d));
        report("mpathvx show maps", events + " path events", storm(cli, sim, names, d));

        vertx.close().await();
        sim.close();
    }

    @FunctionalInterface
    private interface Probe {
        int call() throws Exception;
    }

    /** Requests one after another while a storm of change uevents (one per path) runs, until the daemon settled. */
    private static long[] storm(Probe probe, SimulatedKernel sim, List<String> paths, Daemon d) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        long received = d.snapshot().counters().getOrDefault("uevents_received", 0L);
        Thread storm = new Thread(() -> {
            for (String p : paths) sim.triggerChange(p);
            try {
                while (d.snapshot().counters().getOrDefault("uevents_received", 0L) < received + paths.size()) Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            d.idle().await(); // the lookups and reconciles the events caused
            stop.set(true);
        }, "storm");
        storm.start();
        long[] out = measure(probe, Integer.MAX_VALUE, stop);
        storm.join();
        return out;
    }

    private static long[] measure(Probe probe, int count, AtomicBoolean stop) throws Exception {
        List<Long> micros = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < count && (stop == null || !stop.get() || micros.size() < 5); i++) {
            long t0 = System.nanoTime();
            bytes = probe.call();
            micros.add((System.nanoTime() - t0) / 1000);
        }
        System.out.printf("  (%d bytes per answer)%n", bytes);
        return micros.stream().mapToLong(Long::longValue).toArray();
    }

    private static void report(String what, String when, long[] micros) {
        long[] s = micros.clone();
        Arrays.sort(s);
        System.out.printf("%-20s %-18s p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms  (%d requests)%n", what, when,
                s[s.length / 2] / 1000.0, s[Math.min(s.length - 1, (int) Math.ceil(s.length * 0.99) - 1)] / 1000.0,
                s[s.length - 1] / 1000.0, s.length);
    }
}
