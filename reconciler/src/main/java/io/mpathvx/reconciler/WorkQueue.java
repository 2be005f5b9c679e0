package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The WWIDs to plan, in the order they got dirty, each once however many events arrived, and the WWIDs whose actions
 * run (loop-only). A WWID touched while its actions run is not queued but planned again when they end, so a pass
 * never plans a map beside its own run. Owns the {@link WwidState}s.
 */
final class WorkQueue {
    private final Map<Wwid, WwidState> states = new HashMap<>();
    private final ArrayDeque<WwidState> dirty = new ArrayDeque<>();
    private int inFlight;

    /** The state of {@code w}, null when nothing is kept about it. */
    WwidState get(Wwid w) {
        return states.get(w);
    }

    /** The state of {@code w}, made on first use. */
    WwidState state(Wwid w) {
        return states.computeIfAbsent(w, WwidState::new);
    }

    /** {@code w} needs planning: queued, or marked for after its run. */
    void markDirty(Wwid w) {
        WwidState s = state(w);
        if (s.inFlight) s.dirtyAfterFlight = true;
        else enqueue(s);
    }

    /** Takes up to {@code max} queued states, oldest first. */
    List<WwidState> take(int max) {
        List<WwidState> out = new ArrayList<>(Math.min(max, dirty.size()));
        while (out.size() < max && !dirty.isEmpty()) {
            WwidState s = dirty.poll();
            s.queued = false;
            out.add(s);
        }
        return out;
    }

    /** Puts taken states back at the head of the queue, in their order (they could not start this pass). */
    void putBack(List<WwidState> taken) {
        for (int i = taken.size() - 1; i >= 0; i--) {
            WwidState s = taken.get(i);
            if (!s.queued && !s.inFlight) {
                s.queued = true;
                dirty.addFirst(s);
            }
        }
    }

    /** Its actions start running. */
    void started(WwidState s) {
        if (!s.inFlight) inFlight++;
        s.inFlight = true;
    }

    /** Its run ended: planned again if it got dirty meanwhile. */
    void finished(WwidState s) {
        stop(s);
        if (s.dirtyAfterFlight) {
            s.dirtyAfterFlight = false;
            enqueue(s);
        }
    }

    /** Its run did not start after all (planning failed, or its alias was lost): not in flight, nothing carried over. */
    void abandon(WwidState s) {
        stop(s);
        s.dirtyAfterFlight = false;
    }

    /** Forgets {@code s} if nothing is left in it. */
    void forgetIfEmpty(WwidState s) {
        if (s.empty()) states.remove(s.wwid, s);
    }

    boolean hasDirty() {
        return !dirty.isEmpty();
    }

    int inFlight() {
        return inFlight;
    }

    /** Nothing queued and nothing running. */
    boolean quiet() {
        return dirty.isEmpty() && inFlight == 0;
    }

    private void stop(WwidState s) {
        if (s.inFlight) inFlight--;
        s.inFlight = false;
    }

    private void enqueue(WwidState s) {
        if (s.queued) return;
        s.queued = true;
        dirty.add(s);
    }
}
