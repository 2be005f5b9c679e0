package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.diff.ObservedMap;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The published {@link MapView} of each WWID: written on the loop when a WWID changes, read from any thread without
 * waiting for the loop; the listener is told of each view that changed (a view with neither map: the WWID is gone).
 */
final class MapViews {
    private final ConcurrentHashMap<Wwid, MapView> views = new ConcurrentHashMap<>();
    private Consumer<MapView> changes = v -> { };

    void onChange(Consumer<MapView> listener) {
        changes = Objects.requireNonNull(listener);
    }

    /** Publishes {@code w}'s view from its state (null when none is kept) and its kernel map (null when none). */
    void publish(Wwid w, WwidState s, ObservedMap o) {
        if (o == null && (s == null || (s.desired == null && s.attempts == 0 && !s.inFlight && s.note.isEmpty()))) {
            remove(w);
            return;
        }
        MapView view = s == null ? new MapView(w, null, o, false, 0, null, "")
                : new MapView(w, s.desired, o, s.inFlight, s.attempts, s.lastError, s.note);
        if (!view.equals(views.put(w, view))) changes.accept(view);
    }

    /** The WWID is gone. */
    void remove(Wwid w) {
        if (views.remove(w) != null) changes.accept(new MapView(w, null, null, false, 0, null, ""));
    }

    MapView get(Wwid w) {
        return views.get(w);
    }

    ReconcilerSnapshot snapshot() {
        return new ReconcilerSnapshot(Map.copyOf(views));
    }
}
