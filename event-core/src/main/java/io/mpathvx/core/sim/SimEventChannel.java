package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmEventChannel;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.kernel.ReadyWatch;
import io.vertx.core.Context;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A control fd opened for dm events: ready while the kernel's global event counter differs from the value armed on
 * this fd (initially the counter at open, as dm_open records it).
 */
final class SimEventChannel implements DmEventChannel {
    private final SimulatedKernel kernel;
    private final List<Readiness> watches = new CopyOnWriteArrayList<>();
    private volatile long armed;
    private volatile boolean closed;

    SimEventChannel(SimulatedKernel kernel, long armed) {
        this.kernel = kernel;
        this.armed = armed;
    }

    boolean ready() {
        return !closed && kernel.globalEventNr() != armed;
    }

    void poke() {
        for (Readiness r : watches) r.poke();
    }

    @Override
    public ReadyWatch watch(Context context, Runnable onReady) {
        Readiness[] self = new Readiness[1];
        self[0] = new Readiness(context, onReady, this::ready, () -> watches.remove(self[0]));
        watches.add(self[0]);
        self[0].poke();
        return self[0];
    }

    @Override
    public void arm() throws DmException {
        kernel.dm.beforeCall(DmCall.ARM_POLL, null);
        if (closed) throw new DmException(DmCall.ARM_POLL.ioctl(), null, Errno.EBADF);
        armed = kernel.globalEventNr();
    }

    @Override
    public List<DmDevice> listDevices() throws DmException {
        kernel.dm.beforeCall(DmCall.EVENT_LIST_DEVICES, null);
        if (closed) throw new DmException(DmCall.EVENT_LIST_DEVICES.ioctl(), null, Errno.EBADF);
        return kernel.dm.devices();
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Readiness r : watches) r.close();
        kernel.dm.dmEvents.channelClosed(this);
    }
}
