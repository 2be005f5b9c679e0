package io.mpathvx.checkers;

import io.vertx.core.Future;
import io.vertx.core.Promise;

/**
 * Work a checker handed to a worker (opening or closing a device, destroying an AIO context), counted on the loop so
 * that closing the checker can complete once all of it is done. Loop-confined.
 */
final class PendingWork {
    private int running;
    private Promise<Void> drained;

    void started() {
        running++;
    }

    void ended() {
        if (--running == 0 && drained != null) drained.tryComplete();
    }

    /** Counts {@code work} until it completes (on the loop). */
    <T> Future<T> track(Future<T> work) {
        started();
        return work.onComplete(ar -> ended());
    }

    /** Completes once nothing counted is running (at once if nothing is). */
    Future<Void> drained() {
        if (drained == null) drained = Promise.promise();
        if (running == 0) drained.tryComplete();
        return drained.future();
    }
}
