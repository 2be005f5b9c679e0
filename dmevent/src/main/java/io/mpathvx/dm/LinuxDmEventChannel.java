package io.mpathvx.dm;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmEventChannel;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.ReadyWatch;
import io.mpathvx.core.loop.FdPoller;
import io.vertx.core.Context;

import java.util.List;

/** The ARM_POLL channel: its own control fd, polled on the event loop, armed and listed from a worker. */
final class LinuxDmEventChannel implements DmEventChannel {
    private final LinuxDmControl control;
    private volatile ReadyWatch watch;

    LinuxDmEventChannel(LinuxDmControl control) {
        this.control = control;
    }

    @Override
    public ReadyWatch watch(Context context, Runnable onReady) {
        ReadyWatch w = FdPoller.watch(context, control.fd(), onReady);
        watch = w;
        return w;
    }

    @Override
    public void arm() throws DmException {
        control.armPoll();
    }

    @Override
    public List<DmDevice> listDevices() throws DmException {
        return control.listDevices();
    }

    @Override
    public void close() {
        ReadyWatch w = watch;
        if (w != null) w.close();
        control.close();
    }
}
