package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.RawUevent;
import io.mpathvx.core.kernel.ReadyWatch;
import io.mpathvx.core.kernel.UeventOverflowException;
import io.mpathvx.core.kernel.UeventSource;
import io.vertx.core.Context;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * One listener's uevent socket: a bounded receive queue. A datagram that does not fit is lost and the next
 * {@link #drain} reports the loss once with UeventOverflowException, as recv() reports ENOBUFS.
 */
final class SimUeventSource implements UeventSource {
    private final int capacity;
    private final ArrayDeque<RawUevent> queue = new ArrayDeque<>();
    private final List<Readiness> watches = new CopyOnWriteArrayList<>();
    private final Runnable onClose;
    private boolean overflowed;
    private long lost;
    private boolean closed;

    SimUeventSource(int capacity, Runnable onClose) {
        if (capacity < 1) throw new IllegalArgumentException("uevent queue capacity must be at least 1: " + capacity);
        this.capacity = capacity;
        this.onClose = onClose;
    }

    void offer(RawUevent event) {
        synchronized (this) {
            if (closed) return;
            if (queue.size() >= capacity) {
                overflowed = true;
                lost++;
                return;
            }
            queue.add(event);
        }
        pokeAll();
    }

    /** Marks the socket overflowed without losing anything queued (forced ENOBUFS). */
    void forceOverflow() {
        synchronized (this) {
            if (closed) return;
            overflowed = true;
        }
        pokeAll();
    }

    private void pokeAll() {
        for (Readiness r : watches) r.poke();
    }

    private synchronized boolean ready() {
        return !closed && (overflowed || !queue.isEmpty());
    }

    synchronized int queued() {
        return queue.size();
    }

    @Override
    public ReadyWatch watch(Context context, Runnable onReady) {
        Readiness[] self = new Readiness[1];
        self[0] = new Readiness(context, onReady, this::ready, () -> watches.remove(self[0]));
        watches.add(self[0]);
        self[0].poke();
        return self[0];
    }

    @Override
    public int drain(Consumer<RawUevent> sink, int max) throws UeventOverflowException {
        RawUevent[] batch;
        synchronized (this) {
            if (overflowed) {
                overflowed = false;
                long n = lost;
                lost = 0;
                throw new UeventOverflowException("uevent receive queue overflowed (ENOBUFS)"
                        + (n > 0 ? ": " + n + " event(s) lost" : ""));
            }
            int n = Math.min(max, queue.size());
            batch = new RawUevent[n];
            for (int i = 0; i < n; i++) batch[i] = queue.poll();
        }
        for (RawUevent e : batch) sink.accept(e);
        return batch.length;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            queue.clear();
        }
        for (Readiness r : watches) r.close();
        onClose.run();
    }
}
