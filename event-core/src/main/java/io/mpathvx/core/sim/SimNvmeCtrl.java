package io.mpathvx.core.sim;

/**
 * An NVMe controller of the simulated host: one connection to a subsystem, {@code nvme<instance>} in sysfs.
 * Immutable.
 *
 * @param instance  the kernel's controller instance (nvme0, nvme1, ... in topology order)
 * @param cntlid    the controller id within its subsystem (1-based)
 * @param subsystem the subsystem it connects to
 * @param subsysIndex the subsystem's instance (nvme-subsys&lt;n&gt;)
 */
record SimNvmeCtrl(int instance, int cntlid, NvmeTopology.Subsystem subsystem, int subsysIndex) {
    String name() {
        return "nvme" + instance;
    }

    /** The controller's device directory (without /sys): fabrics controllers are virtual, PCIe ones on the bus. */
    String devpath() {
        if (subsystem.transport().equals("pcie")) {
            return String.format("/devices/pci0000:00/0000:00:%02x.0/nvme/%s", 0x10 + instance, name());
        }
        return "/devices/virtual/nvme-fabrics/ctl/" + name();
    }
}
