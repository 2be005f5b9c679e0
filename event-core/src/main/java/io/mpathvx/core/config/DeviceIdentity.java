package io.mpathvx.core.config;

/**
 * What device entries are matched against: the SCSI/NVMe vendor, product and revision strings
 * and the transport protocol as multipathd names it ("scsi:fcp", "scsi:iscsi", "nvme:tcp", ...).
 * Any component may be null (unknown).
 */
public record DeviceIdentity(String vendor, String product, String revision, String protocol) {
}
