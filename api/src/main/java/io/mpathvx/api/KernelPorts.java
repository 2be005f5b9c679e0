package io.mpathvx.api;

import io.mpathvx.checkers.CheckTimer;
import io.mpathvx.checkers.CheckerSet;
import io.mpathvx.checkers.LinuxBlockReadPort;
import io.mpathvx.checkers.LinuxNvmePort;
import io.mpathvx.checkers.LinuxScsiPort;
import io.mpathvx.checkers.SimulatedChecker;
import io.mpathvx.core.kernel.BlockReadPort;
import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.NvmePort;
import io.mpathvx.core.kernel.ScsiPort;
import io.mpathvx.core.kernel.Sysfs;
import io.mpathvx.core.kernel.UeventSource;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.sim.DiskState;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.core.sim.TopologyException;
import io.mpathvx.dm.LinuxDmControl;
import io.mpathvx.uevent.LinuxSysfs;
import io.mpathvx.uevent.NetlinkUeventSource;
import io.vertx.core.Context;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The kernel the daemon talks to: the real one through jnr-ffi, or the simulated SAN of {@code --sim}. The only
 * production class that knows the simulator (the architecture test holds every other one to that).
 */
record KernelPorts(String description, DmControl dm, Sysfs sysfs, ScsiPort scsi, NvmePort nvme, BlockReadPort reads,
                   UeventSource uevents, Checkers checkers)
        implements AutoCloseable {

    static final Path DM_CONTROL = Path.of("/dev/mapper/control");

    /** Makes the path checkers on the daemon's loop; the timer is the daemon's check timer. */
    @FunctionalInterface
    interface Checkers {
        CheckerSet create(Context loop, CheckTimer timer);
    }

    /** A topology file that cannot be loaded: the message says where and why. */
    static final class BadTopology extends Exception {
        BadTopology(String message, Throwable cause) {
            super(message, cause);
        }
    }

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
            return linux(dm, new LinuxSysfs(), NetlinkUeventSource.open(io.mpathvx.core.kernel.RawUevent.KERNEL_GROUP, buffer));
        } catch (IOException | RuntimeException e) {
            dm.close();
            throw e;
        }
    }

    static KernelPorts linux(DmControl dm, Sysfs sysfs, UeventSource uevents) {
        return new KernelPorts("Linux kernel", dm, sysfs, new LinuxScsiPort(), new LinuxNvmePort(),
                new LinuxBlockReadPort(), uevents,
                (loop, timer) -> CheckerSet.linux(loop, CheckerSet.DEFAULT_SG_WORKERS));
    }

    /** The simulated SAN described by a topology file (examples/san-small.json). */
    static KernelPorts simulated(Path topology) throws BadTopology, IOException {
        try {
            return simulated(new SimulatedKernel(SanTopology.load(topology)), topology.toString());
        } catch (TopologyException e) {
            throw new BadTopology(topology + ": " + e.getMessage(), e);
        }
    }

    /** Every checker answers from the simulated disk's state: running is up, anything else down. */
    static KernelPorts simulated(SimulatedKernel kernel, String source) {
        return new KernelPorts("simulated SAN from " + source, kernel, kernel, kernel, kernel, kernel, kernel,
                (loop, timer) -> CheckerSet.simulated(new SimulatedChecker("tur", timer,
                        name -> kernel.pathState(name).map(s -> s == DiskState.RUNNING ? PathState.UP : PathState.DOWN)
                                .orElse(PathState.DOWN))));
    }

    @Override
    public void close() {
        uevents.close();
        dm.close();
    }
}
