package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.NvmeCommand;
import io.mpathvx.core.kernel.NvmeReply;
import io.mpathvx.core.kernel.ScsiReply;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.time.Duration;

/**
 * What a path's device node answers besides sysfs: SG_IO (SCSI disks), NVMe admin commands (namespace paths) and a
 * direct read of the first block (its latency). Each takes the kernel's lock.
 */
final class PathCommands {
    private final SimulatedKernel k;

    PathCommands(SimulatedKernel kernel) {
        this.k = kernel;
    }

    /** SG_IO to a simulated disk: answered by {@link SimScsi} from the topology (TPGS, RTPG, VPD pages, TUR). */
    ScsiReply execute(String disk, byte[] cdb, int allocationLength) throws IOException {
        synchronized (k.lock) {
            SimDisk d = k.disksByName.get(disk);
            if (d == null) throw new NoSuchFileException("/dev/" + disk);
            if (d.nvme != null) throw new IOException("ENOTTY: no SG_IO on NVMe namespace " + disk);
            return SimScsi.execute(d, cdb, allocationLength);
        }
    }

    /** An NVMe admin command through a namespace path: answered by {@link SimNvme} from the topology. */
    NvmeReply admin(String disk, NvmeCommand cmd) throws IOException {
        synchronized (k.lock) {
            SimDisk d = nvmeDisk(disk);
            return SimNvme.admin(d, cmd, k.san.nvmePaths(d.nvme));
        }
    }

    int namespaceId(String disk) throws IOException {
        synchronized (k.lock) {
            return (int) nvmeDisk(disk).lun.lun;
        }
    }

    /** A direct read of a path's first block takes the path's read latency ({@link #setReadLatency}); no time passes. */
    Duration timedRead(String disk) throws IOException {
        synchronized (k.lock) {
            SimDisk d = k.disksByName.get(disk);
            if (d == null) throw new NoSuchFileException("/dev/" + disk);
            if (d.failsIo()) throw new IOException("EIO: " + disk + " is " + d.state.sysfs());
            return d.readLatency;
        }
    }

    /** Sets how long a direct read from a path takes (default 100 µs), for the path_latency prioritizer. */
    void setReadLatency(String name, Duration latency) {
        if (latency.isNegative()) throw new IllegalArgumentException("negative latency: " + latency);
        synchronized (k.lock) {
            k.san.disk(name).readLatency = latency;
        }
    }

    /** A namespace path that answers: the kernel's ioctl needs a live controller (else ENODEV/EWOULDBLOCK). */
    private SimDisk nvmeDisk(String disk) throws IOException {
        SimDisk d = k.disksByName.get(disk);
        if (d == null) throw new NoSuchFileException("/dev/" + disk);
        if (d.nvme == null) throw new IOException("ENOTTY: " + disk + " is no NVMe namespace");
        if (d.state != DiskState.RUNNING) throw new IOException("ENODEV: " + d.nvme.name() + " is " + d.nvmeState());
        return d;
    }
}
