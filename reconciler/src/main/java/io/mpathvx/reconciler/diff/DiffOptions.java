package io.mpathvx.reconciler.diff;

import io.mpathvx.core.config.FlushOnLastDel;

import java.util.Objects;

/**
 * How stale maps are removed.
 *
 * @param forceRemove    remove stale maps even while open (never by default)
 * @param deferredRemove deferred_remove: an open stale map is removed by the kernel on its last close
 * @param flushOnLastDel flush_on_last_del: whether a queueing map loses its queueing and is removed (see
 *                       {@link LastPathRemoval})
 */
public record DiffOptions(boolean forceRemove, boolean deferredRemove, FlushOnLastDel flushOnLastDel) {
    public static final DiffOptions DEFAULT = new DiffOptions(false, false);

    public DiffOptions {
        Objects.requireNonNull(flushOnLastDel, "flushOnLastDel");
    }

    /** With multipathd's default flush_on_last_del, unused. */
    public DiffOptions(boolean forceRemove, boolean deferredRemove) {
        this(forceRemove, deferredRemove, FlushOnLastDel.UNUSED);
    }
}
