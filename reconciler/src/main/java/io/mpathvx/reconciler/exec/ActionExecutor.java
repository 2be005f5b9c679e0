package io.mpathvx.reconciler.exec;

import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.reconciler.MapAction;
import io.mpathvx.reconciler.diff.ObservedMap;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * Runs one map's actions in order on a worker and reads the map back. The caller (the reconciler loop) keeps at most
 * one batch per map in flight, which gives per-map order; batches of different maps run in parallel on the bounded
 * pool. A failure stops the batch: later actions depended on the earlier ones.
 */
public final class ActionExecutor {
    private final DmControl dm;
    private final Executor workers;

    public ActionExecutor(DmControl dm, Executor workers) {
        this.dm = dm;
        this.workers = workers;
    }

    /** An Executor over a named Vert.x worker pool of {@code size} threads (unordered: tasks run in parallel). */
    public static Executor workerPool(Vertx vertx, String name, int size) {
        WorkerExecutor pool = vertx.createSharedWorkerExecutor(name, size);
        return task -> pool.executeBlocking(() -> {
            task.run();
            return null;
        }, false);
    }

    public DmControl dm() {
        return dm;
    }

    public Executor workers() {
        return workers;
    }

    /** Runs {@code actions} for the map keyed {@code key}; completes on a worker thread. */
    public CompletionStage<MapOutcome> run(String key, List<MapAction> actions) {
        return CompletableFuture.supplyAsync(() -> runNow(key, actions), workers);
    }

    /** Blocking form of {@link #run}. */
    public MapOutcome runNow(String key, List<MapAction> actions) {
        int done = 0;
        DmException error = null;
        String name = actions.isEmpty() ? null : actions.get(0).map();
        for (MapAction a : actions) {
            try {
                a.applyTo(dm);
                name = a.nameAfter();
                done++;
            } catch (DmException e) {
                error = e;
                break;
            } catch (RuntimeException e) {
                error = new DmException(a.getClass().getSimpleName(), a.map(), Errno.UNKNOWN, String.valueOf(e));
                break;
            }
        }
        ObservedMap after = null;
        boolean readBack = false;
        if (name != null) {
            try {
                after = MapReader.read(dm, name);
                readBack = true;
            } catch (DmException e) {
                if (error == null) error = e;
            } catch (RuntimeException e) {
                if (error == null) error = new DmException("read-back", name, Errno.UNKNOWN, String.valueOf(e));
            }
        }
        return new MapOutcome(key, actions, done, after, readBack, error);
    }
}
