package io.mpathvx.checkers;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;


/** A Vert.x loop (native transport) for checker tests, with helpers to run code on it and wait for results. */
final class LoopSupport implements AutoCloseable {
    final Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    final Context loop = vertx.getOrCreateContext();

    <T> T onLoop(Callable<T> task) {
        CompletableFuture<T> f = new CompletableFuture<>();
        loop.runOnContext(v -> {
            try {
                f.complete(task.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("loop task failed", e);
        }
    }

    void run(Runnable task) {
        onLoop(() -> {
            task.run();
            return null;
        });
    }

    /** Blocks (no polling, no sleep) until a future completed on the loop has a value; at most 30 s. */
    static <T> T await(Future<T> future) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("future did not complete", e);
        }
    }

    @Override
    public void close() {
        vertx.close().await();
    }
}
