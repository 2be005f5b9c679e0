package io.mpathvx.core.kernel;

/**
 * Readiness of a kernel event source, delivered on an event loop. After each callback the watch is paused, so a
 * level-triggered source is not reported again while its consumer works (possibly on a worker); the consumer calls
 * {@link #resume()} when it has consumed the readiness.
 */
public interface ReadyWatch extends AutoCloseable {
    void resume();

    @Override
    void close();
}
