package io.mpathvx.reconciler.diff;

/**
 * How stale maps are removed.
 *
 * @param forceRemove    remove stale maps even while open (never by default)
 * @param deferredRemove deferred_remove: an open stale map is removed by the kernel on its last close
 */
public record DiffOptions(boolean forceRemove, boolean deferredRemove) {
    public static final DiffOptions DEFAULT = new DiffOptions(false, false);
}
