package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.exec.MapOutcome;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reconciler's book of operator requests (loop-only): who waits for which map's next run, and which WWIDs an
 * operator flushed (their maps are not created again until released).
 */
final class OperatorRequests {
    private final Map<Wwid, List<Promise<MapOutcome>>> waiting = new HashMap<>();
    private final Map<Wwid, List<Promise<MapOutcome>>> running = new HashMap<>();
    private final Set<Wwid> held = new HashSet<>();

    /** Someone waits for the run that will take the actions queued for {@code w}. */
    void waiting(Wwid w, Promise<MapOutcome> p) {
        waiting.computeIfAbsent(w, k -> new ArrayList<>()).add(p);
    }

    /** The queued actions of {@code w} go into the run starting now. */
    void started(Wwid w) {
        List<Promise<MapOutcome>> ps = waiting.remove(w);
        if (ps != null) running.computeIfAbsent(w, k -> new ArrayList<>()).addAll(ps);
    }

    /** The run of {@code w} ended: its outcome (null if it did not run) or why not. */
    void finished(Wwid w, MapOutcome outcome, Throwable err) {
        List<Promise<MapOutcome>> ps = running.remove(w);
        if (ps == null) return;
        for (Promise<MapOutcome> p : ps) {
            if (outcome != null) p.tryComplete(outcome);
            else p.tryFail(err instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause()
                    : err != null ? err : new IllegalStateException("the actions did not run"));
        }
    }

    void hold(Wwid w) {
        held.add(w);
    }

    boolean held(Wwid w) {
        return !held.isEmpty() && held.contains(w);
    }

    /** @return whether {@code w} was held */
    boolean release(Wwid w) {
        return held.remove(w);
    }

    void releaseAll() {
        held.clear();
    }
}
