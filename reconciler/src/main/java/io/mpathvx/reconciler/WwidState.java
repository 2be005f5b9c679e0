package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.desired.DesiredMap;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the reconciler keeps about one WWID besides its paths and its kernel map, in one object (the
 * java-operator-sdk ResourceState idea) instead of a map per concern: where it is in the work queue, its retries, its
 * last plan, and the actions waiting for its next run. Loop-only and mutable; {@link MapView} is its published form.
 */
final class WwidState {
    final Wwid wwid;
    /** Waiting in the queue for a pass. */
    boolean queued;
    /** Its actions run on a worker now. */
    boolean inFlight;
    /** Touched while in flight: planned again when the run ends. */
    boolean dirtyAfterFlight;
    /** Consecutive failed attempts, and the last one's message (null when the last attempt did not fail). */
    int attempts;
    String lastError;
    /** When (on the observed maps' clock) the last outcome of its actions arrived; 0 if none yet. */
    long lastOutcome;
    /** The map planned last time (null for none), and why there is none (or ""). */
    DesiredMap desired;
    String note = "";
    /** An operator asked to resize: the next plan follows the size the paths agree on. */
    boolean resizeRequested;
    /** Actions from the path state machine or an operator, for the next run; null when none. */
    private List<MapAction> external;

    WwidState(Wwid wwid) {
        this.wwid = wwid;
    }

    void addExternal(MapAction a) {
        if (external == null) external = new ArrayList<>(2);
        external.add(a);
    }

    /** The waiting external actions (null when none); they go into the run starting now. */
    List<MapAction> takeExternal() {
        List<MapAction> out = external;
        external = null;
        return out;
    }

    /** Nothing worth keeping: no plan, no note, no failure, no work. */
    boolean empty() {
        return desired == null && note.isEmpty() && attempts == 0 && !queued && !inFlight && external == null
                && !resizeRequested;
    }
}
