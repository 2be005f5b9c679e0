package io.mpathvx.api;

import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.Sysfs;
import io.mpathvx.core.kernel.UeventSource;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.dm.LinuxDmControl;
import io.mpathvx.uevent.LinuxSysfs;
import io.mpathvx.uevent.NetlinkUeventSource;

import java.io.IOException;
import java.nio.file.Path;

/** The kernel the daemon talks to: the real one through jnr-ffi, or the simulated SAN of {@code --sim}. */
record KernelPorts(String description, DmControl dm, Sysfs sysfs, UeventSource uevents, SimulatedKernel sim)
        implements AutoCloseable {

    static final Path DM_CONTROL = Path.of("/dev/mapper/control");

    /** Why this host cannot run the real-kernel daemon, or null when it can. */
    static String unsupportedReason() {
        // an access check, not the user's name: see DmControlAccess
        return DmControlAccess.problem(DM_CONTROL);
    }

    static KernelPorts linux() throws DmException, IOException {
        LinuxDmControl dm = LinuxDmControl.open();
        try {
            // a smaller uevent buffer only for tests that force an overflow (the real-kernel tier's scenario 5)
            int buffer = Integer.getInteger("mpathvx.uevent.receiveBuffer", NetlinkUeventSource.DEFAULT_RECEIVE_BUFFER);
            return new KernelPorts("Linux kernel", dm, new LinuxSysfs(),
                    NetlinkUeventSource.open(io.mpathvx.core.kernel.RawUevent.KERNEL_GROUP, buffer), null);
        } catch (IOException | RuntimeException e) {
            dm.close();
            throw e;
        }
    }

    static KernelPorts simulated(SimulatedKernel kernel, String source) {
        return new KernelPorts("simulated SAN from " + source, kernel, kernel, kernel, kernel);
    }

    @Override
    public void close() {
        uevents.close();
        dm.close();
    }
}
