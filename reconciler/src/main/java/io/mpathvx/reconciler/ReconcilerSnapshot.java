package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;

import java.util.Map;

/** An immutable view of all WWIDs the reconciler knows, for the API. */
public record ReconcilerSnapshot(Map<Wwid, MapView> maps) {
    public ReconcilerSnapshot {
        maps = Map.copyOf(maps);
    }

    /** Maps whose last attempt failed. */
    public long failing() {
        return maps.values().stream().filter(v -> v.lastError() != null).count();
    }
}
