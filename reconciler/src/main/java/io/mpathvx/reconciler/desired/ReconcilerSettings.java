package io.mpathvx.reconciler.desired;

import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.config.FlushOnLastDel;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;

/**
 * What the reconciler needs from the configuration. The daemon adapts io.mpathvx.core.config.MultipathConfig to it
 * (see {@link #fixed} for tests and defaults).
 */
public interface ReconcilerSettings {
    /** Settings for the map of {@code wwid}, resolved with the identity of one of its paths. */
    MapPolicy forMap(Wwid wwid, Path anyPath);

    /**
     * The map settings that depend on its paths as multipathd selects them (pgpolicy, hardware handler, features,
     * no_path_retry: propsel.c), given the configured {@code policy} and the map's probed paths; unchanged by default.
     */
    default MapPolicy select(Wwid wwid, MapPolicy policy, java.util.List<PathInfo> paths) {
        return policy;
    }

    /** Whether the path is excluded (blacklist minus exceptions). */
    boolean blacklisted(Path path);

    FindMultipaths findMultipaths();

    /** marginal_pathgroups: marginal paths grouped apart from the others (pgpolicies.c group_paths). */
    default boolean marginalPathgroups() {
        return false;
    }

    /** Prefix of user-friendly names ("mpath"). */
    default String aliasPrefix() {
        return "mpath";
    }

    /** flush_on_last_del for the map of {@code wwid} (multipathd's default: unused). */
    default FlushOnLastDel flushOnLastDel(Wwid wwid, Path anyPath) {
        return FlushOnLastDel.UNUSED;
    }

    /** auto_resize (multipathd's default: never). */
    default MapSize.AutoResize autoResize() {
        return MapSize.AutoResize.NEVER;
    }

    /** multipath -B: never write the bindings file. */
    default boolean bindingsReadOnly() {
        return false;
    }

    /** One policy for every map, nothing blacklisted. */
    static ReconcilerSettings fixed(MapPolicy policy, FindMultipaths findMultipaths) {
        return new ReconcilerSettings() {
            @Override
            public MapPolicy forMap(Wwid wwid, Path anyPath) {
                return policy;
            }

            @Override
            public boolean blacklisted(Path path) {
                return false;
            }

            @Override
            public FindMultipaths findMultipaths() {
                return findMultipaths;
            }
        };
    }
}
