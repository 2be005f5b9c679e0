package io.mpathvx.reconciler;

import io.mpathvx.core.kernel.BlockReadPort;
import io.mpathvx.core.kernel.NvmePort;
import io.mpathvx.core.kernel.ScsiPort;
import io.mpathvx.core.kernel.Sysfs;

import java.util.Objects;

/** The kernel ports a path probe asks the device through. Every one blocks: probes run on workers. */
record DevicePorts(Sysfs sysfs, ScsiPort scsi, NvmePort nvme, BlockReadPort reads) {
    DevicePorts {
        Objects.requireNonNull(sysfs);
        Objects.requireNonNull(scsi);
        Objects.requireNonNull(nvme);
        Objects.requireNonNull(reads);
    }
}
