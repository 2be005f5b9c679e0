package io.mpathvx.core.kernel;

import io.vertx.core.Future;

/**
 * Readiness of a kernel event source, delivered on an event loop. After each callback the watch is paused, so a
 * level-triggered source is not reported again while its consumer works (possibly on a worker); the consumer calls
 * {@link #resume()} when it has consumed the readiness.
 */
public interface ReadyWatch extends AutoCloseable {
    void resume();

    /**
     * Completes once the source is being watched; fails when it cannot be (e.g. the fd was refused by epoll), in which
     * case no readiness will ever be reported. Callers must look: a watch that never started is otherwise silent.
     * Sources that are watched from the moment {@code watch} returns (the simulated kernel) succeed at once.
     */
    default Future<Void> started() {
        return Future.succeededFuture();
    }

    @Override
    void close();
}
