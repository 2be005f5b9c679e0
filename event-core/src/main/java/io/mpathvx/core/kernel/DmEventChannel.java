package io.mpathvx.core.kernel;

import io.vertx.core.Context;

import java.util.List;

/**
 * The dm event channel: ready while the kernel's global dm event counter differs from the armed value. Consume
 * readiness with {@link #arm()} then {@link #listDevices()} and diff the event numbers. arm and list are ioctls:
 * call them from a worker.
 */
public interface DmEventChannel extends AutoCloseable {
    /** Calls {@code onReady} on {@code context}'s loop when the channel becomes ready. */
    ReadyWatch watch(Context context, Runnable onReady);

    /** DM_DEV_ARM_POLL: events up to now are acknowledged; later ones make the channel ready again. */
    void arm() throws DmException;

    List<DmDevice> listDevices() throws DmException;

    @Override
    void close();
}
