package io.mpathvx.api.cli;

import java.util.List;

/**
 * Everything the layouts print from: the maps, and all known paths (multipathd's
 * pathvec), including orphans. Column widths of path listings and of the topology are
 * computed over all of {@link #paths()}, as upstream does.
 */
public record CliView(List<CliMap> maps, List<CliPath> paths) {
    public CliView {
        maps = List.copyOf(maps);
        paths = List.copyOf(paths);
    }

    /** A view whose paths are exactly those of the maps, in map and group order. */
    public static CliView ofMaps(List<CliMap> maps) {
        return new CliView(maps, maps.stream().flatMap(CliMap::paths).toList());
    }
}
