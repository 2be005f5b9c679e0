package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.naming.WwidsFile;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * An orchestrator's attach/release contract in the reconciler (issue 14): release marks a LUN so no map is made for
 * it, ensure lifts the mark (and a flush hold), forget takes a WWID out of the wwids file. Each request hops onto the
 * loop, writes its state file on a worker and marks the WWID dirty so the usual passes act on it.
 */
final class AttachReleaseRequests {
    private final ReleasedLuns released;
    private final WwidsWriter wwids;
    private final WwidsFile wwidsFile; // null: memory only
    private final OperatorRequests operator;
    private final WorkQueue work;
    private final EngineThreads threads;
    private final Runnable schedulePass;
    private final Runnable settled;
    private int removing; // wwids-file removals in flight

    /**
     * @param schedulePass asks for a pass (on the loop)
     * @param settled      told on the loop after a wwids-file removal ends (idle waiters may go on)
     */
    AttachReleaseRequests(ReleasedLuns released, WwidsWriter wwids, WwidsFile wwidsFile, OperatorRequests operator,
                          WorkQueue work, EngineThreads threads, Runnable schedulePass, Runnable settled) {
        this.released = released;
        this.wwids = wwids;
        this.wwidsFile = wwidsFile;
        this.operator = operator;
        this.work = work;
        this.threads = threads;
        this.schedulePass = schedulePass;
        this.settled = settled;
    }

    /** See {@link Reconciler#release}. */
    Future<Void> release(Wwid w) {
        return afterWrite(() -> released.add(w), w);
    }

    /** See {@link Reconciler#ensure}. */
    Future<Void> ensure(Wwid w, boolean remember) {
        return afterWrite(() -> {
            operator.release(w);
            if (remember) wwids.remember(w.value());
            return released.remove(w);
        }, w);
    }

    private Future<Void> afterWrite(Supplier<CompletableFuture<Void>> write, Wwid w) {
        Promise<Void> done = Promise.promise();
        threads.onLoop(() -> {
            threads.whenDone(write.get(), (v, err) -> done.handle(err == null ? Future.succeededFuture() : Future.failedFuture(err)));
            work.markDirty(w);
            schedulePass.run();
        });
        return done.future();
    }

    /** See {@link Reconciler#forgetWwid}. */
    Future<Void> forgetWwid(String wwid) {
        Promise<Void> done = Promise.promise();
        threads.onLoop(() -> {
            if (!wwids.forget(wwid) || wwidsFile == null) {
                done.complete();
                return;
            }
            removing++;
            threads.blocking(() -> wwidsFile.remove(wwid), (found, err) -> {
                removing--;
                if (err != null) done.fail(err);
                else done.complete();
                settled.run();
            });
        });
        return done.future();
    }

    /** The last path of {@code w} went (loop): a released LUN is itself again when its paths come back. */
    void pathsGone(Wwid w) {
        if (released.contains(w)) released.remove(w);
    }

    /** A wwids-file removal is running. */
    boolean busy() {
        return removing > 0;
    }
}
