package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.config.MultipathConfig;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The whole daemon (uevents, lookups, reconciler, dm events, checkers, state machine, snapshot, API, state files) on
 * the simulated kernel, as a user runs it: cold start, a hot-add storm of every LUN through uevents, then a remove
 * storm. Prints wall time, event-loop lag (a 5 ms timer on the daemon's loop: how late it fires), API latency during
 * the storms, live heap after a full GC, RSS, threads and CPU seconds. Asserts nothing: a benchmark, not a test.
 *
 * <p>{@code mvn -B -q -pl api -am test -Pbenchmark -Dtest=DaemonBenchmarkTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbench.luns=1000,10000,20000 -DargLine="-Xmx384m -XX:MaxGCPauseMillis=20"} (the launcher's JVM settings); output
 * in api/target/surefire-reports/io.mpathvx.api.DaemonBenchmarkTest-output.txt.
 */
@Tag("benchmark")
class DaemonBenchmarkTest {
    static final int PATHS = 4;
    static final String CONFIG = """
            defaults {
                polling_interval 5
                find_multipaths no
                user_friendly_names yes
            }
            """;

    @TempDir
    Path state;

    @Test
    void daemon() throws Exception {
        LogSetup.configure(0); // as the daemon logs: asynchronously, INFO
        int[] sizes = Arrays.stream(System.getProperty("bench.luns", "1000,10000").split(","))
                .mapToInt(s -> Integer.parseInt(s.trim())).toArray();
        System.out.printf("daemon benchmark, simulated kernel, %d paths per LUN, %d cores, max heap %d MiB%n",
                PATHS, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
        for (int luns : sizes) run(luns);
    }

    private void run(int luns) throws Exception {
        MultipathConfig config = ConfigLoader.parse(CONFIG, "bench.conf").config();
        SanTopology full = SanTopology.generated(luns, PATHS);
        // -Dbench.blockedMs=50 makes Vert.x print where the loop was whenever a task held it longer (profiling aid)
        long blockedMs = Long.getLong("bench.blockedMs", 2000);
        VertxOptions vo = new VertxOptions().setPreferNativeTransport(true)
                .setMaxEventLoopExecuteTime(blockedMs).setMaxEventLoopExecuteTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                .setWarningExceptionTime(blockedMs).setWarningExceptionTimeUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                .setBlockedThreadCheckInterval(Math.min(1000, blockedMs / 2));
        Vertx client = Vertx.vertx(); // the API client has its own loops: it must not share the daemon's

        // -Dbench.phases=cold or =storms runs one part (each in its own JVM gives the cleanest heap figures)
        String phases = System.getProperty("bench.phases", "cold,storms");
        if (phases.contains("cold")) coldStart(luns, full, config, vo);
        if (!phases.contains("storms")) {
            client.close().await();
            return;
        }
        // 2. hot-add storm: the daemon runs on an empty SAN, then every LUN arrives (uevents for each path)
        Vertx vertx = Vertx.vertx(vo);
        SimulatedKernel sim = new SimulatedKernel(new SanTopology(false, SanTopology.DEFAULT_DM_MAJOR, 1 << 20,
                full.hosts(), List.of()));
        Daemon d = Daemon.launch(vertx, KernelPorts.simulated(sim, "bench"), config, options());
        d.started().await();
        int port = new ApiServer(vertx, d::snapshot).listen("127.0.0.1", 0).await().actualPort();
        ApiProbe probe = ApiProbe.start(client, port, full.luns().get(0).wwid());
        LagProbe lag = LagProbe.on(vertx, d.loop());
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        for (SanTopology.LunSpec lun : full.luns()) sim.addLun(lun);
        await(() -> converged(d, luns));
        report(luns, "hot-add storm", t0, cpu0, lag.stop(), probe.stop());

        // 3. remove storm: every LUN's paths deleted
        probe = ApiProbe.start(client, port, full.luns().get(0).wwid());
        lag = LagProbe.on(vertx, d.loop());
        cpu0 = cpuNanos();
        t0 = System.nanoTime();
        for (SanTopology.LunSpec lun : full.luns()) sim.removeLun(lun.wwid());
        await(() -> d.snapshot().mapCount() == 0 && d.snapshot().pathCount() == 0 && sim.snapshot().isEmpty());
        report(luns, "remove storm", t0, cpu0, lag.stop(), probe.stop());
        d.close();
        vertx.close().await();
        sim.close();
        client.close().await();
    }

    /** 1. cold start: every LUN present when the daemon starts. Its own method: nothing of it stays reachable. */
    private void coldStart(int luns, SanTopology full, MultipathConfig config, VertxOptions vo) throws Exception {
        Vertx vertx = Vertx.vertx(vo);
        SimulatedKernel cold = new SimulatedKernel(full);
        System.gc();
        long simHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        System.out.printf("%6d LUNs x %d  the simulated kernel alone: heap after GC %d MiB (included below)%n",
                luns, PATHS, simHeap);
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        Daemon first = Daemon.launch(vertx, KernelPorts.simulated(cold, "bench"), config, options());
        LagProbe lag = LagProbe.on(vertx, first.loop());
        first.started().await();
        await(() -> converged(first, luns));
        report(luns, "cold start", t0, cpu0, lag.stop(), null);
        first.close();
        vertx.close().await();
        cold.close();
    }

    private ReconcilerOptions options() throws java.io.IOException {
        Path dir = Files.createTempDirectory(state, "run");
        return ReconcilerOptions.defaults().withFiles(dir.resolve("bindings"), dir.resolve("wwids"));
    }

    private static boolean converged(Daemon d, int luns) {
        DaemonSnapshot s = d.snapshot();
        return s.mapCount() == luns && s.pathsInMaps() == luns * PATHS
                && s.maps().stream().allMatch(m -> m.lastError().isEmpty() && m.status() != null);
    }

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("did not converge within 10 minutes");
            Thread.sleep(50); // polling the outcome of a benchmark run, not waiting for time to pass
        }
    }

    private static void report(int luns, String what, long t0, long cpu0, long[] lagMicros, long[] apiMicros) {
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (cpuNanos() - cpu0) / 1e9;
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        if (Boolean.getBoolean("bench.histo")) histogram(what);
        System.out.printf("%6d LUNs x %d  %-14s %7.2f s  loop lag p50 %5.1f ms p99 %6.1f ms max %7.1f ms  "
                        + "CPU %6.1f s  heap after GC %4d MiB  RSS %4d MiB  threads %3d%s%n",
                luns, PATHS, what, secs, pct(lagMicros, 50), pct(lagMicros, 99), pct(lagMicros, 100), cpu, heap,
                rssMiB(), ManagementFactory.getThreadMXBean().getThreadCount(),
                apiMicros == null ? "" : String.format("  API p50 %.1f ms p99 %.1f ms (%d requests)",
                        pct(apiMicros, 50), pct(apiMicros, 99), apiMicros.length));
    }

    /** The heap's biggest classes after the phase (profiling aid: -Dbench.histo=true). */
    private static void histogram(String what) {
        try {
            String h = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[]{null}, new String[]{String[].class.getName()});
            System.out.println("heap after " + what + ":\n" + h.lines().limit(25).collect(java.util.stream.Collectors.joining("\n")));
        } catch (Exception e) {
            System.out.println("no histogram: " + e);
        }
    }

    private static double pct(long[] micros, int p) {
        if (micros.length == 0) return 0;
        long[] s = micros.clone();
        Arrays.sort(s);
        int i = Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1);
        return s[Math.max(0, i)] / 1000.0;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long rssMiB() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("\\D", "")) >> 10;
            }
        } catch (Exception e) {
            return -1;
        }
        return -1;
    }

    /** A 5 ms timer on the daemon's loop; each firing records how late it was. */
    private static final class LagProbe {
        private final List<Long> lateMicros = new ArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private volatile boolean stopped;

        static LagProbe on(Vertx vertx, Context loop) {
            LagProbe p = new LagProbe();
            loop.runOnContext(v -> p.next(vertx, System.nanoTime() + 5_000_000));
            return p;
        }

        private void next(Vertx vertx, long due) {
            vertx.setTimer(5, id -> {
                long now = System.nanoTime();
                lateMicros.add(Math.max(0, (now - due) / 1000));
                if (stop.get()) stopped = true;
                else next(vertx, now + 5_000_000);
            });
        }

        long[] stop() throws InterruptedException {
            stop.set(true);
            while (!stopped) Thread.sleep(5); // the loop hands the samples over at its next firing
            return lateMicros.stream().mapToLong(Long::longValue).toArray();
        }
    }

    /** One client asking for one map and the stats, back to back, timing each answer. */
    private static final class ApiProbe {
        private final List<Long> micros = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        private HttpClient client;
        private int port;
        private String wwid;

        static ApiProbe start(Vertx vertx, int port, String wwid) {
            ApiProbe p = new ApiProbe();
            p.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true));
            p.port = port;
            p.wwid = wwid;
            p.next(0);
            return p;
        }

        private void next(int i) {
            if (stop.get()) {
                done.countDown();
                return;
            }
            String uri = i % 2 == 0 ? "/v1/maps/" + wwid : "/v1/stats";
            long t = System.nanoTime();
            client.request(HttpMethod.GET, port, "127.0.0.1", uri)
                    .compose(r -> r.send().compose(resp -> resp.body()))
                    .onComplete(ar -> {
                        micros.add((System.nanoTime() - t) / 1000);
                        if (ar.succeeded() && uri.equals("/v1/stats")) new JsonObject(ar.result()); // a real answer
                        next(i + 1);
                    });
        }

        long[] stop() throws InterruptedException {
            stop.set(true);
            done.await();
            client.close();
            return micros.stream().mapToLong(Long::longValue).toArray();
        }
    }
}
