package io.mpathvx.core.config;

/** flush_on_last_del: whether to disable queueing when the last path is removed. */
public enum FlushOnLastDel {
    NEVER, ALWAYS, UNUSED;

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
