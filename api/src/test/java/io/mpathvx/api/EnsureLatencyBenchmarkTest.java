package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ensure latency as a CSI driver sees it when a whole array's LUNs are mapped to the node at once (issue 14): the
 * daemon runs on a simulated SAN with no LUN, {@code bench.luns} (1,000) {@code PUT /v1/luns/WWID} requests are in
 * flight at once, then every LUN is hot-added through the simulated kernel's uevents. Each request's latency is from
 * its send to its answer (2xx: the map is live with all its paths). Prints p50/p99/max and the non-2xx count; asserts
 * nothing: a benchmark, not a test.
 *
 * <p>{@code mvn -B -q -o -Pbenchmark -pl api -am test -Dtest=EnsureLatencyBenchmarkTest
 * -Dsurefire.failIfNoSpecifiedTests=false}; output in
 * api/target/surefire-reports/io.mpathvx.api.EnsureLatencyBenchmarkTest-output.txt.
 */
@Tag("benchmark")
class EnsureLatencyBenchmarkTest {
    /** DaemonBenchmarkTest's SAN and settings, so its hot-add storm row is the comparison. */
    private static final int PATHS = DaemonBenchmarkTest.PATHS;
    private static final String CONFIG = DaemonBenchmarkTest.CONFIG;
    /** minPaths = every path: a 2xx means the map has them all; the timeout only bounds a run that never converges. */
    private static final String BODY = "{\"minPaths\": " + PATHS + ", \"timeoutMs\": 300000}";

    @TempDir
    Path state;

    @Test
    void ensureLatencyOfLunsHotAddedAtOnce() throws Exception {
        LogSetup.configure(0); // as the daemon logs: asynchronously, INFO
        int luns = Integer.getInteger("bench.luns", 1000);
        SanTopology full = SanTopology.generated(luns, PATHS);
        SimulatedKernel sim = new SimulatedKernel(new SanTopology(false, SanTopology.DEFAULT_DM_MAJOR, 1 << 20,
                full.hosts(), List.of()));
        Vertx vertx = Vertx.vertx();
        Daemon d = Daemon.launch(vertx, KernelPorts.simulated(sim, "bench"), ConfigLoader.parse(CONFIG, "bench.conf").config(),
                ReconcilerOptions.defaults().withFiles(state.resolve("bindings"), state.resolve("wwids")));
        d.started().await();
        AdminActions actions = new AdminActions(d, Future::succeededFuture, () -> { });
        int port = new ApiServer(vertx, d::snapshot, actions).listen("127.0.0.1", 0).await().actualPort();

        // the client has its own Vert.x (its loops must not share the daemon's) and a connection per request: an
        // ensure holds its connection until answered, and HTTP/1.1 does not pipeline
        Vertx clientVertx = Vertx.vertx();
        HttpClient client = clientVertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(luns));
        long[] sentAt = new long[luns];
        long[] answeredAt = new long[luns];
        AtomicInteger non2xx = new AtomicInteger();
        CountDownLatch sent = new CountDownLatch(luns);
        CountDownLatch answered = new CountDownLatch(luns);
        for (int i = 0; i < luns; i++) {
            int n = i;
            sentAt[n] = System.nanoTime();
            client.request(HttpMethod.PUT, port, "127.0.0.1", "/v1/luns/" + full.luns().get(i).wwid())
                    .compose(req -> {
                        req.end(Buffer.buffer(BODY)).onComplete(ar -> sent.countDown());
                        return req.response();
                    })
                    .compose(resp -> resp.body().map(b -> resp.statusCode()))
                    .onComplete(ar -> {
                        answeredAt[n] = System.nanoTime();
                        if (ar.failed() || ar.result() / 100 != 2) non2xx.incrementAndGet();
                        answered.countDown();
                    });
        }
        // every request on the wire before the first LUN arrives (the server may still be reading the last ones)
        if (!sent.await(5, TimeUnit.MINUTES)) throw new AssertionError("requests not sent within 5 minutes");
        long t0 = System.nanoTime();
        for (SanTopology.LunSpec lun : full.luns()) sim.addLun(lun);
        if (!answered.await(10, TimeUnit.MINUTES)) throw new AssertionError("ensures not answered within 10 minutes");

        long[] latency = new long[luns];
        long[] sinceHotAdd = new long[luns];
        for (int i = 0; i < luns; i++) {
            latency[i] = (answeredAt[i] - sentAt[i]) / 1000;
            sinceHotAdd[i] = (answeredAt[i] - t0) / 1000;
        }
        System.out.printf("ensure latency, %d LUNs x %d paths hot-added at once (simulated kernel, %d cores): "
                        + "p50 %.1f ms  p99 %.1f ms  max %.1f ms  non-2xx %d  (sending took %.2f s; from the first "
                        + "hot-add to the answer: p50 %.1f ms  p99 %.1f ms  max %.1f ms)%n",
                luns, PATHS, Runtime.getRuntime().availableProcessors(), pct(latency, 50), pct(latency, 99),
                pct(latency, 100), non2xx.get(), (t0 - sentAt[0]) / 1e9, pct(sinceHotAdd, 50), pct(sinceHotAdd, 99),
                pct(sinceHotAdd, 100));
        client.close().await();
        clientVertx.close().await();
        d.close();
        vertx.close().await();
        sim.close();
    }

    private static double pct(long[] micros, int p) {
        long[] s = micros.clone();
        Arrays.sort(s);
        int i = Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1);
        return s[Math.max(0, i)] / 1000.0;
    }
}
