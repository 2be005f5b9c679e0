package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.diff.ObservedMap;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The kernel's multipath maps as last read (loop-only), by WWID and by dm name, and the clock that orders kernel reads
 * against action outcomes, so a read that may have seen an older state than a later outcome is not taken.
 */
final class ObservedMaps {
    private final Map<Wwid, ObservedMap> byWwid = new HashMap<>();
    private final Map<String, Wwid> byName = new HashMap<>();
    private long clock;

    ObservedMap get(Wwid w) {
        return byWwid.get(w);
    }

    boolean has(Wwid w) {
        return byWwid.containsKey(w);
    }

    /** The WWID of the map named {@code name}, null when there is none. */
    Wwid wwidOf(String name) {
        return byName.get(name);
    }

    List<Wwid> wwids() {
        return new ArrayList<>(byWwid.keySet());
    }

    void put(ObservedMap m) {
        ObservedMap old = byWwid.put(m.wwid(), m);
        if (old != null && !old.name().equals(m.name())) byName.remove(old.name(), m.wwid());
        byName.put(m.name(), m.wwid());
    }

    void drop(Wwid w) {
        ObservedMap old = byWwid.remove(w);
        if (old != null) byName.remove(old.name(), w);
    }

    /** A kernel read starts now: its time, to pass to {@link #fresh} when it ends. */
    long readStarts() {
        return ++clock;
    }

    /** An outcome of actions for {@code s} arrived now (it was read back by the executor). */
    void outcomeArrived(WwidState s) {
        s.lastOutcome = ++clock;
    }

    /**
     * Whether a read of a WWID that started at {@code readStarted} may replace what we know: not while actions for it
     * run (their read-back will be newer), nor when an outcome arrived after the read started (the read may have seen
     * a half-made map, e.g. between CREATE and TABLE_LOAD, and would cause a needless reload).
     *
     * @param s the WWID's state, null when nothing is kept about it
     */
    static boolean fresh(WwidState s, long readStarted) {
        return s == null || (!s.inFlight && s.lastOutcome < readStarted);
    }
}
