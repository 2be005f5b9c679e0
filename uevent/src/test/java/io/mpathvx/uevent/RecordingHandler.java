package io.mpathvx.uevent;

import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A listener handler that records every batch and resync, read from test threads while the loop adds. */
final class RecordingHandler implements UeventListener.Handler {
    final Queue<UeventBatch> batches = new ConcurrentLinkedQueue<>();
    final Queue<Resync> resyncs = new ConcurrentLinkedQueue<>();
    /** The thread of each onBatch call (the listener promises the event loop). */
    final Queue<Thread> threads = new ConcurrentLinkedQueue<>();

    @Override
    public void onBatch(UeventBatch batch) {
        threads.add(Thread.currentThread());
        batches.add(batch);
    }

    @Override
    public void onResync(Resync resync) {
        resyncs.add(resync);
    }

    /** The first path event of this kind for this device name, if one was reported. */
    Optional<PathEvent> first(Class<? extends PathEvent> kind, String name) {
        return batches.stream().flatMap(b -> b.paths().stream())
                .filter(p -> kind.isInstance(p) && p.name().equals(name)).findFirst();
    }

    boolean seen(Class<? extends PathEvent> kind, String name) {
        return first(kind, name).isPresent();
    }

    PathEvent find(Class<? extends PathEvent> kind, String name) {
        return first(kind, name).orElseThrow();
    }
}
