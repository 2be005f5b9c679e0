package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.ReadyWatch;
import io.vertx.core.Context;

import java.util.function.BooleanSupplier;

/**
 * Level-triggered readiness delivered like the real fd poller: the callback runs on the watcher's context, then the
 * watch is paused until {@link #resume()}; while resumed, a ready source is reported (again).
 */
final class Readiness implements ReadyWatch {
    private final Context context;
    private final Runnable onReady;
    private final BooleanSupplier ready;
    private final Runnable onClose;
    private boolean paused;
    private boolean closed;

    Readiness(Context context, Runnable onReady, BooleanSupplier ready, Runnable onClose) {
        this.context = context;
        this.onReady = onReady;
        this.ready = ready;
        this.onClose = onClose;
    }

    /** The source's state may have changed: report readiness if it is ready and the watch is not paused. */
    void poke() {
        // Asked outside our lock: the source calls poke() holding its own lock (no lock-order cycle). A stale "ready"
        // only costs a spurious callback; a stale "not ready" is followed by the producer's own poke.
        if (!ready.getAsBoolean()) return;
        synchronized (this) {
            if (paused || closed) return;
            paused = true;
        }
        context.runOnContext(v -> {
            synchronized (this) {
                if (closed) return;
            }
            onReady.run();
        });
    }

    @Override
    public void resume() {
        synchronized (this) {
            if (closed) return;
            paused = false;
        }
        poke();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        onClose.run();
    }
}
