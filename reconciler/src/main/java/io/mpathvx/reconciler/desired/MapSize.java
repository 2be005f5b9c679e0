package io.mpathvx.reconciler.desired;

import java.util.List;

/**
 * A map's size from its paths' sizes, as multipathd decides it. A new map whose paths report different sizes is
 * not created at all (libmultipath/configure.c coalesce_paths(): "size %llu, expected %llu. Discard", ACT_REJECT).
 * An existing map keeps its size — a path of another size is left out, as ev_add_path() refuses it — unless
 * auto_resize allows the size every path now agrees on (multipathd/main.c uev_update_path(): grow_only never
 * shrinks, grow_shrink follows both ways; never, the default, leaves resizing to an explicit command).
 */
public final class MapSize {
    /** auto_resize. */
    public enum AutoResize {
        NEVER, GROW_ONLY, GROW_SHRINK;

        /** The multipath.conf word (never, grow_only, grow_shrink); anything else is never. */
        public static AutoResize of(String word) {
            if ("grow_only".equals(word)) return GROW_ONLY;
            if ("grow_shrink".equals(word)) return GROW_SHRINK;
            return NEVER;
        }
    }

    private MapSize() {
    }

    /**
     * Why a new map for these paths must not be created (their sizes differ), or null. Paths without a size yet
     * (0) do not count, as upstream skips them.
     */
    public static String mismatch(List<PathInfo> sorted) {
        PathInfo first = null;
        for (PathInfo p : sorted) {
            long s = p.path().sizeSectors();
            if (s <= 0) continue;
            if (first == null) first = p;
            else if (s != first.path().sizeSectors()) {
                return "paths differ in size: " + first.path().name() + " " + first.path().sizeSectors() + ", "
                        + p.path().name() + " " + s + " sectors; no map is created until they agree";
            }
        }
        return null;
    }

    /**
     * The size of the wanted map: for an existing map (existingSize &gt; 0) its own, unless every path with a size
     * agrees on another one and auto_resize allows the change; for a new map the first path's (device order) with a
     * positive size; 0 when no path has one.
     */
    static long of(List<PathInfo> sorted, long existingSize, AutoResize autoResize) {
        long common = agreed(sorted);
        if (existingSize > 0) {
            if (common <= 0 || common == existingSize) return existingSize;
            return switch (autoResize) {
                case NEVER -> existingSize;
                case GROW_ONLY -> Math.max(common, existingSize);
                case GROW_SHRINK -> common;
            };
        }
        if (common > 0) return common;
        for (PathInfo p : sorted) if (p.path().sizeSectors() > 0) return p.path().sizeSectors();
        return 0;
    }

    /** The size every path with a size reports, or a value &lt;= 0 when none has one or they differ. */
    static long agreed(List<PathInfo> sorted) {
        long common = -1;
        for (PathInfo p : sorted) {
            long s = p.path().sizeSectors();
            if (s <= 0) continue;
            if (common == -1) common = s;
            else if (common != s) return -2;
        }
        return common;
    }
}
