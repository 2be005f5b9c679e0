package io.mpathvx.reconciler;

import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.sim.DmCall;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.mpathvx.reconciler.exec.ActionExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Cold-start reconcile time and heap for 1k and 10k LUNs x 4 paths on the simulated kernel, and the restart that
 * adopts them. Prints numbers; asserts only the ioctl counts (correctness), never times. Tagged benchmark: run
 * with -Pbenchmark (see docs/reconciler.md).
 */
@Tag("benchmark")
class ReconcilerBenchmarkTest {
    @Test
    void coldStartAndRestart() throws Exception {
        for (int luns : new int[] {1000, 10000}) run(luns);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return rt.totalMemory() - rt.freeMemory();
    }

    private static void run(int luns) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Context loop = vertx.getOrCreateContext();
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            var workers = ActionExecutor.workerPool(vertx, "bench", threads);
            long t0 = System.nanoTime();
            SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(luns, 4));
            List<Path> paths = SimPaths.of(sim);
            long simMs = (System.nanoTime() - t0) / 1_000_000;
            ReconcilerSettings settings = ReconcilerSettings.fixed(MapPolicy.defaults().withGrouping(PathGroupingPolicy.MULTIBUS), FindMultipaths.OFF);
            long heap0 = usedHeap();
            long t1 = System.nanoTime();
            Reconciler r = new Reconciler(vertx, loop, sim, workers, settings, PathProber.constant(), ReconcilerOptions.inMemory());
            r.start(paths).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
            long coldMs = (System.nanoTime() - t1) / 1_000_000;
            long heap1 = usedHeap();
            assertEquals(luns, sim.calls().count(DmCall.CREATE));
            assertEquals(luns, sim.calls().count(DmCall.TABLE_LOAD));
            long calls = sim.calls().snapshot().values().stream().mapToLong(Long::longValue).sum();
            sim.calls().reset();
            long t2 = System.nanoTime();
            Reconciler again = new Reconciler(vertx, loop, sim, workers, settings, PathProber.constant(), ReconcilerOptions.inMemory());
            again.start(paths).toCompletionStage().toCompletableFuture().get(10, TimeUnit.MINUTES);
            long restartMs = (System.nanoTime() - t2) / 1_000_000;
            assertEquals(0, sim.calls().count(DmCall.TABLE_LOAD));
            System.out.printf("reconciler benchmark: %,d LUNs x 4 paths (%,d paths), %d worker threads%n", luns, paths.size(), threads);
            System.out.printf("  simulated SAN built in %,d ms%n", simMs);
            System.out.printf("  cold start to converged: %,d ms (%,d maps, %,d dm calls, %.0f maps/s)%n", coldMs, luns, calls,
                    luns * 1000.0 / Math.max(1, coldMs));
            System.out.printf("  heap held by reconciler state + kernel maps: %,d KiB (%.1f KiB/LUN)%n", (heap1 - heap0) / 1024,
                    (heap1 - heap0) / 1024.0 / luns);
            System.out.printf("  restart (adopt all, no table load): %,d ms, dm calls %s%n", restartMs, sim.calls());
            if (r.snapshot().maps().size() != luns) throw new AssertionError("snapshot size");
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
