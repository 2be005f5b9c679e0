package io.mpathvx.reconciler;

import io.vertx.core.Context;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Where the reconciler's work runs: its state on the loop, blocking calls (ioctls, file writes, probes) on the
 * bounded worker pool, their results back on the loop. Two executors, so the parts can be driven by hand in tests.
 */
final class EngineThreads {
    private final Executor loop;
    private final Executor workers;

    /** @param loop runs a task on the loop: at once when called there, else queued to it */
    EngineThreads(Executor loop, Executor workers) {
        this.loop = loop;
        this.workers = workers;
    }

    /** The loop of a Vert.x event-loop context. */
    static EngineThreads of(Context context, Executor workers) {
        return new EngineThreads(new ContextLoop(context), workers);
    }

    void onLoop(Runnable r) {
        loop.execute(r);
    }

    /** Runs {@code c} on a worker; completes there (with the checked exception wrapped in a CompletionException). */
    <T> CompletableFuture<T> blocking(Blocking<T> c) {
        try {
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return c.call();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }, workers);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e); // pool shut down (Vert.x closing)
        }
    }

    /** Runs {@code c} on a worker, then {@code then} on the loop with its result or its cause. */
    <T> void blocking(Blocking<T> c, BiConsumer<T, Throwable> then) {
        whenDone(blocking(c), then);
    }

    /** Runs {@code then} on the loop once {@code f} completes, with its result or its cause. */
    <T> void whenDone(CompletionStage<T> f, BiConsumer<T, Throwable> then) {
        f.whenComplete((r, err) -> onLoop(() -> then.accept(r, unwrap(err))));
    }

    static Throwable unwrap(Throwable err) {
        return err instanceof CompletionException c && c.getCause() != null ? c.getCause() : err;
    }

    @FunctionalInterface
    interface Blocking<T> {
        T call() throws Exception;
    }

    /** Runs on an event-loop context: inline on its thread, else through runOnContext. */
    private static final class ContextLoop implements Executor {
        private final Context context;
        /** The context's thread (an event-loop context always runs on the same one); set on first use. */
        private volatile Thread thread;

        ContextLoop(Context context) {
            this.context = context;
        }

        @Override
        public void execute(Runnable r) {
            // Vert.x reports the caller's context on worker threads too, so the context alone cannot tell: compare threads
            if (Thread.currentThread() == thread) r.run();
            else context.runOnContext(v -> {
                thread = Thread.currentThread();
                r.run();
            });
        }
    }
}
