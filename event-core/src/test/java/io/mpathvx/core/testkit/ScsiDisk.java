package io.mpathvx.core.testkit;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.ScsiAddress;

/**
 * A SCSI disk as the guest kernel shows it in sysfs.
 *
 * @param name    block device name, e.g. {@code sdb}
 * @param devt    major:minor of the block device
 * @param address host:channel:target:lun of the SCSI device
 * @param wwid    the kernel's WWID, {@code device/wwid} trimmed (e.g. {@code naa.3333333000000XXX})
 */
public record ScsiDisk(String name, DevT devt, ScsiAddress address, String wwid) {
    public int host() {
        return address.host();
    }

    /** {@code /dev/<name>}. */
    public String devNode() {
        return "/dev/" + name;
    }
}
