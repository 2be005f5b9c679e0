package io.mpathvx.uevent;

import java.util.List;

/**
 * What one wake-up of the listener produced after filtering and merging: path events in the order to apply them
 * (adds merged for one WWID are adjacent) and dm device events in arrival order.
 */
public record UeventBatch(List<PathEvent> paths, List<MapUevent> maps) {
    public UeventBatch {
        paths = List.copyOf(paths);
        maps = List.copyOf(maps);
    }

    public boolean isEmpty() {
        return paths.isEmpty() && maps.isEmpty();
    }

    public int size() {
        return paths.size() + maps.size();
    }
}
