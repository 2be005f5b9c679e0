package io.mpathvx.uevent;

import io.mpathvx.core.kernel.Sysfs;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * A path's bus and transport as multipathd names them (libmultipath/structs.c protocol_name[], bus_protocol_id()):
 * {@code scsi:fcp}, {@code scsi:iscsi}, {@code scsi:sas}, {@code scsi:usb}, {@code scsi:ata}, {@code scsi:unspec},
 * {@code nvme:tcp}, ... SCSI transports are told from the device's place in sysfs the way
 * libmultipath/discovery.c sysfs_get_tgt_nodename() does (SAS end device, USB ancestor, FC rport, iSCSI session,
 * libata port, in that order); NVMe from the controller's {@code transport} attribute (nvme_sysfs_pathinfo()).
 * Blocking: sysfs reads.
 */
public final class TransportProtocol {
    static final String SCSI_USB = "scsi:usb";
    private static final Pattern USB = Pattern.compile("usb\\d+");
    private static final Pattern END_DEVICE = Pattern.compile("end_device-\\d+:\\d+(:\\d+)?");
    private static final Pattern RPORT = Pattern.compile("rport-\\d+:\\d+-\\d+");
    private static final Pattern SESSION = Pattern.compile("session\\d+");
    private static final Pattern ATA = Pattern.compile("ata\\d+");

    private TransportProtocol() {
    }

    /**
     * @param name    kernel name of the block device
     * @param devpath the target of {@code block/<name>} (e.g. {@code ../devices/pci.../host2/rport-2:0-1/...})
     * @param scsi    whether the device is a SCSI disk (its {@code device} is an H:C:T:L)
     */
    public static String of(Sysfs sysfs, String name, String devpath, boolean scsi) throws IOException {
        if (scsi) return scsi(sysfs, name, devpath.split("/"));
        if (name.startsWith("nvme")) {
            String t = sysfs.read("block/" + name + "/device/transport").map(String::trim).orElse("");
            return switch (t) {
                case "pcie", "rdma", "fc", "tcp", "loop", "apple-nvme" -> "nvme:" + t;
                default -> "nvme:unspec";
            };
        }
        if (name.startsWith("dasd")) return "ccw";
        if (name.startsWith("cciss")) return "cciss";
        return "undef";
    }

    private static String scsi(Sysfs sysfs, String name, String[] parts) throws IOException {
        if (sysfs.read("block/" + name + "/device/sas_address").isPresent() && any(parts, END_DEVICE)) return "scsi:sas";
        if (any(parts, USB)) return SCSI_USB;
        for (String p : parts) {
            if (RPORT.matcher(p).matches()
                    && sysfs.read("class/fc_remote_ports/" + p + "/node_name").isPresent()) return "scsi:fcp";
        }
        for (String p : parts) {
            if (SESSION.matcher(p).matches()
                    && sysfs.read("class/iscsi_session/" + p + "/targetname").isPresent()) return "scsi:iscsi";
        }
        if (any(parts, ATA)) return "scsi:ata";
        return "scsi:unspec"; // "Unknown SCSI transport. Keep fingers crossed"
    }

    private static boolean any(String[] parts, Pattern p) {
        for (String s : parts) if (p.matcher(s).matches()) return true;
        return false;
    }
}
