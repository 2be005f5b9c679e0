package io.mpathvx.core.model;

import java.util.Objects;

/**
 * One path to a LUN: a block device such as {@code sdb} as seen at one moment.
 *
 * @param name        kernel device name, e.g. {@code sdb}, {@code nvme0n1}
 * @param devt        block device number
 * @param wwid        the LUN's identifier, null while unknown
 * @param sizeSectors size in 512-byte sectors
 * @param vendor      SCSI vendor (trimmed), empty if none
 * @param product     SCSI product/model (trimmed), empty if none
 * @param revision    SCSI revision (trimmed), empty if none
 * @param scsi        SCSI H:C:T:L, null for non-SCSI devices
 * @param targetNodeName transport target node name (FC WWNN, iSCSI target IQN), empty if unknown
 * @param state       the path checker's last verdict
 */
public record Path(String name, DevT devt, Wwid wwid, long sizeSectors, String vendor, String product,
                   String revision, ScsiAddress scsi, String targetNodeName, PathState state) {
    public Path {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(devt, "devt");
        vendor = vendor == null ? "" : vendor;
        product = product == null ? "" : product;
        revision = revision == null ? "" : revision;
        targetNodeName = targetNodeName == null ? "" : targetNodeName;
        state = state == null ? PathState.UNCHECKED : state;
    }

    public Path withState(PathState newState) {
        return new Path(name, devt, wwid, sizeSectors, vendor, product, revision, scsi, targetNodeName, newState);
    }

    public Path withWwid(Wwid newWwid) {
        return new Path(name, devt, newWwid, sizeSectors, vendor, product, revision, scsi, targetNodeName, state);
    }

    /** The device node, {@code /dev/<name>}. */
    public String devNode() {
        return "/dev/" + name;
    }
}
