package io.mpathvx.core.sim;

import io.mpathvx.core.model.DevT;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated udev database: the properties udev's rules (60-persistent-storage, dm's 10-dm) give each block
 * device, as {@code udevadm info} shows them; empty when the kernel runs without udev.
 */
final class UdevDatabase {
    private final SimulatedKernel k;

    UdevDatabase(SimulatedKernel kernel) {
        this.k = kernel;
    }

    /** What udev's 60-persistent-storage.rules give a namespace path: ID_WWN from {@code wwid}, model and serial. */
    private static Map<String, String> nvme(SimDisk d, Map<String, String> e) {
        NvmeTopology.Subsystem s = d.nvme.subsystem();
        e.put("ID_WWN", d.lun.wwid);
        e.put("ID_MODEL", s.model());
        e.put("ID_SERIAL_SHORT", s.serial());
        e.put("ID_SERIAL", s.model().replace(' ', '_') + "_" + s.serial() + "_" + d.lun.lun);
        e.put("ID_REVISION", s.firmware());
        e.put("ID_NSID", Long.toString(d.lun.lun));
        e.put("ID_PATH", "nvme-" + d.nvme.instance());
        return e;
    }

    Optional<Map<String, String>> properties(DevT devt) {
        if (!k.udev) return Optional.empty();
        synchronized (k.lock) {
            Map<String, String> e = new LinkedHashMap<>();
            SimDisk d = k.disksByDevt.get(devt);
            if (d != null) {
                e.put("DEVPATH", d.blockDevpath());
                e.put("DEVNAME", "/dev/" + d.name);
                e.put("DEVTYPE", "disk");
                e.put("DISKSEQ", Long.toString(d.diskseq));
                e.put("MAJOR", Integer.toString(devt.major()));
                e.put("MINOR", Integer.toString(devt.minor()));
                e.put("SUBSYSTEM", "block");
                if (d.nvme != null) return Optional.of(nvme(d, e));
                SimLun lun = d.lun;
                e.put("ID_SCSI", "1");
                e.put("ID_VENDOR", lun.vendor.strip().replace(' ', '_'));
                e.put("ID_MODEL", lun.product.strip().replace(' ', '_'));
                e.put("ID_REVISION", lun.revision.strip());
                e.put("ID_TYPE", "disk");
                e.put("ID_BUS", d.transport.equals("usb") ? "usb" : "scsi");
                if (d.transport.equals("usb")) e.put("ID_USB_DRIVER", "usb-storage");
                e.put("ID_SERIAL", lun.wwid);
                e.put("ID_SERIAL_SHORT", lun.wwid.substring(1));
                if (lun.wwid.charAt(0) == '3') {
                    String hex = lun.wwid.substring(1);
                    e.put("ID_WWN", "0x" + hex.substring(0, 16));
                    e.put("ID_WWN_WITH_EXTENSION", "0x" + hex);
                }
                e.put("ID_SCSI_SERIAL", lun.serial);
                e.put("SCSI_IDENT_SERIAL", lun.serial); // sg3-utils-udev from VPD 0x80: multipathd's property exception
                if (d.transport.equals("iscsi")) {   // udev's path_id: the portal, the target, the LUN
                    e.put("ID_PATH", "ip-" + SysfsTree.iscsiPortal(d) + ":3260-iscsi-" + SysfsTree.iscsiTarget(d) + "-lun-" + lun.lun);
                } else {
                    e.put("ID_PATH", "scsi-" + d.address);
                }
                e.put("DEVLINKS", "/dev/disk/by-path/" + e.get("ID_PATH") + " /dev/disk/by-id/scsi-" + lun.wwid);
                return Optional.of(e);
            }
            if (devt.major() == k.dmMajor) {
                SimMap m = k.mapsByMinor.get(devt.minor());
                if (m == null || !m.diskAdded) return Optional.empty();
                e.put("DEVPATH", m.devpath());
                e.put("DEVNAME", "/dev/" + m.kernelName());
                e.put("DEVTYPE", "disk");
                e.put("MAJOR", Integer.toString(devt.major()));
                e.put("MINOR", Integer.toString(devt.minor()));
                e.put("SUBSYSTEM", "block");
                e.put("DM_UDEV_RULES_VSN", "2");
                e.put("DM_NAME", m.name);
                if (m.uuid != null) e.put("DM_UUID", m.uuid);
                e.put("DM_SUSPENDED", m.suspended ? "1" : "0");
                return Optional.of(e);
            }
            return Optional.empty();
        }
    }
}
