package io.mpathvx.core.kernel;

import io.vertx.core.Context;

import java.util.function.Consumer;

/** A source of uevent datagrams (a netlink socket). Non-blocking: drain it on the event loop when ready. */
public interface UeventSource extends AutoCloseable {
    ReadyWatch watch(Context context, Runnable onReady);

    /**
     * Hands up to {@code max} queued datagrams to {@code sink} without blocking and returns how many it handed.
     *
     * @throws UeventOverflowException when the kernel dropped datagrams (ENOBUFS): the caller must rescan
     */
    int drain(Consumer<RawUevent> sink, int max) throws UeventOverflowException;

    @Override
    void close();
}
