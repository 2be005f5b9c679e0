package io.mpathvx.uevent;

import io.mpathvx.core.kernel.Sysfs;

import java.io.IOException;

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
        if (sysfs.read("block/" + name + "/device/sas_address").isPresent() && any(parts, "end_device-", ":", ":?")) {
            return "scsi:sas";
        }
        if (any(parts, "usb")) return SCSI_USB;
        for (String p : parts) {
            if (numbered(p, "rport-", ":", "-")
                    && sysfs.read("class/fc_remote_ports/" + p + "/node_name").isPresent()) return "scsi:fcp";
        }
        for (String p : parts) {
            if (numbered(p, "session") && sysfs.read("class/iscsi_session/" + p + "/targetname").isPresent()) {
                return "scsi:iscsi";
            }
        }
        if (any(parts, "ata")) return "scsi:ata";
        return "scsi:unspec"; // "Unknown SCSI transport. Keep fingers crossed"
    }

    private static boolean any(String[] parts, String... shape) {
        for (String s : parts) if (numbered(s, shape)) return true;
        return false;
    }

    /**
     * Whether {@code s} is the shape's separators each followed by a decimal number: ("rport-", ":", "-") matches
     * "rport-2:0-1". A separator ending in '?' and its number may be missing, at the end only. Without a regex: this
     * runs for every part of every path's sysfs location in a discovery storm.
     */
    static boolean numbered(String s, String... shape) {
        int at = 0;
        for (String sep : shape) {
            boolean optional = sep.endsWith("?");
            String lit = optional ? sep.substring(0, sep.length() - 1) : sep;
            if (optional && at == s.length()) return true;
            if (!s.startsWith(lit, at)) return false;
            at += lit.length();
            int digits = at;
            while (at < s.length() && s.charAt(at) >= '0' && s.charAt(at) <= '9') at++;
            if (at == digits) return false;
        }
        return at == s.length();
    }
}
