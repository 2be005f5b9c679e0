package io.mpathvx.core.sim;

import io.mpathvx.core.sim.SysfsPaths.Node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The simulated kernel's sysfs view (block devices, their SCSI devices, dm attributes, transport classes), laid out
 * like the real one (see KERNEL-FACTS.md); {@link SysfsPaths} resolves the paths, {@link UdevDatabase} is udev's side.
 * Reads take the kernel's lock; they are cheap map lookups.
 */
final class SysfsTree {
    private static final List<String> DISK_ATTRS = List.of("dev", "device", "holders", "queue", "removable", "ro",
            "size", "slaves", "uevent");
    private static final List<String> DM_ATTRS = List.of("dev", "dm", "holders", "queue", "removable", "ro", "size",
            "slaves", "uevent");

    private static final List<String> NVME_NS_ATTRS = List.of("dev", "device", "eui", "holders", "nsid", "queue",
            "removable", "ro", "size", "slaves", "uevent", "wwid");
    private static final List<String> NVME_CTRL_ATTRS = List.of("cntlid", "firmware_rev", "model", "serial", "state",
            "subsysnqn", "transport");

    private final SimulatedKernel k;
    private final SysfsPaths paths;

    SysfsTree(SimulatedKernel kernel) {
        this.k = kernel;
        this.paths = new SysfsPaths(kernel);
    }

    Optional<String> read(String path) throws IOException {
        synchronized (k.lock) {
            Node n = paths.resolve(path);
            if (n == null) return classAttribute(SysfsPaths.normalise(path));
            if (n.disk() != null) return diskAttr(n.disk(), n.rest(), path);
            return mapAttr(n.map(), n.rest());
        }
    }

    Optional<byte[]> readBytes(String path) throws IOException {
        synchronized (k.lock) {
            Node n = paths.resolve(path);
            if (n != null && n.disk() != null && n.disk().nvme == null) {
                switch (n.rest()) {
                    case "device/vpd_pg83" -> {
                        return Optional.of(page83(n.disk()));
                    }
                    case "device/vpd_pg80" -> {
                        return Optional.of(Vpd.page80(n.disk().lun.serial));
                    }
                    default -> { }
                }
            }
        }
        return read(path).map(s -> s.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** What every disk's block device shows, SCSI or NVMe. */
    private static String blockAttr(SimDisk d, String rest) {
        return switch (rest) {
            case "dev" -> d.devt.toString();
            case "size" -> Long.toString(d.sizeOverride > 0 ? d.sizeOverride : d.lun.sizeSectors);
            case "ro", "removable" -> "0";
            case "uevent" -> "MAJOR=" + d.devt.major() + "\nMINOR=" + d.devt.minor() + "\nDEVNAME=" + d.name
                    + "\nDEVTYPE=disk\nDISKSEQ=" + d.diskseq;
            case "queue/logical_block_size", "queue/physical_block_size" -> "512";
            default -> null;
        };
    }

    private Optional<String> diskAttr(SimDisk d, String rest, String path) throws IOException {
        String block = blockAttr(d, rest);
        if (block != null) return Optional.of(block);
        if (d.nvme != null) return Optional.ofNullable(nvmeAttr(d, rest));
        SimLun lun = d.lun;
        String v = switch (rest) {
            case "device/vendor" -> pad(lun.vendor, 8);
            case "device/model" -> pad(lun.product, 16);
            case "device/rev" -> pad(lun.revision, 4);
            case "device/state" -> d.state.sysfs();
            case "device/wwid" -> Vpd.kernelWwid(lun.wwid);
            case "device/type" -> "0";
            case "device/timeout" -> Integer.toString(d.timeout);
            case "device/queue_depth" -> "64";
            case "device/dh_state" -> d.handler() != null ? d.handler() : "detached";
            // shown while a handler is attached (scsi_sysfs.c); only alua sets the state, others leave 0: optimized
            case "device/access_state" -> d.handler() == null ? null : "alua".equals(d.handler()) ? d.accessState()
                    : "active/optimized";
            case "device/preferred_path" -> d.handler() == null ? null : "alua".equals(d.handler()) && d.preferred ? "1"
                    : "0";
            case "device/vpd_pg83" -> new String(page83(d), StandardCharsets.ISO_8859_1);
            case "device/vpd_pg80" -> new String(Vpd.page80(lun.serial), StandardCharsets.ISO_8859_1);
            case "device/sas_address" -> d.transport.equals("sas") ? String.format("0x5000c500%08x", d.address.target()) : null;
            case "device/delete", "device/rescan" -> throw new AccessDeniedException(path, null, "write-only attribute");
            default -> null;
        };
        return Optional.ofNullable(v);
    }

    /**
     * A namespace path with native multipathing off (drivers/nvme/host/sysfs.c): the namespace's own attributes
     * ({@code wwid}, {@code nsid}, ...; no {@code ana_state}, which the kernel shows only when it multipaths itself),
     * and under {@code device/} its controller's ({@code model}, {@code serial}, {@code firmware_rev},
     * {@code transport}, {@code cntlid}, {@code state}, {@code subsysnqn}).
     */
    private static String nvmeAttr(SimDisk d, String rest) {
        SimLun lun = d.lun;
        NvmeTopology.Subsystem s = d.nvme.subsystem();
        return switch (rest) {
            case "wwid" -> lun.wwid;
            case "nsid" -> Long.toString(lun.lun);
            case "eui" -> lun.wwid.startsWith("eui.") && lun.wwid.length() == 20 ? eui(lun.wwid.substring(4)) : null;
            // nvme_show_str_function: the Identify strings without their space padding
            case "device/model" -> s.model().strip();
            case "device/serial" -> s.serial().strip();
            case "device/firmware_rev" -> s.firmware().strip();
            case "device/transport" -> s.transport();
            case "device/cntlid" -> Integer.toString(d.nvme.cntlid());
            case "device/state" -> d.nvmeState();
            case "device/subsysnqn" -> s.nqn();
            default -> null;
        };
    }

    /** The kernel prints an EUI-64 as 8 colon-separated bytes. */
    private static String eui(String hex) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < hex.length(); i += 2) b.append(i == 0 ? "" : ":").append(hex, i, i + 2);
        return b.toString();
    }

    private Optional<String> mapAttr(SimMap m, String rest) {
        String v = switch (rest) {
            case "dev" -> m.devt.toString();
            case "size" -> Long.toString(m.live == null ? 0 : m.live.sizeSectors());
            case "ro", "removable" -> "0";
            case "uevent" -> "MAJOR=" + m.devt.major() + "\nMINOR=" + m.devt.minor() + "\nDEVNAME=" + m.kernelName()
                    + "\nDEVTYPE=disk\nDISKSEQ=" + m.diskseq;
            case "queue/logical_block_size", "queue/physical_block_size" -> "512";
            case "dm/name" -> m.name;
            case "dm/uuid" -> m.uuid == null ? "" : m.uuid;
            case "dm/suspended" -> m.suspended ? "1" : "0";
            case "dm/use_blk_mq" -> "1";
            default -> null;
        };
        return Optional.ofNullable(v);
    }

    /** Transport objects' attributes a daemon may set: FC remote ports and iSCSI sessions, with the kernel's defaults. */
    private static final Map<String, String> TRANSPORT_DEFAULTS = Map.of(
            "fast_io_fail_tmo", "off", "dev_loss_tmo", "60", "recovery_tmo", "120");

    /** The disks behind an FC remote port (class/fc_remote_ports/rport-*) or iSCSI session (class/iscsi_session/*). */
    private List<SimDisk> transportDisks(String object) {
        List<SimDisk> out = new ArrayList<>();
        for (SimDisk d : k.disksByName.values()) {
            if (d.nvme != null) continue;
            if ((d.transport.equals("fc") && object.equals("fc_remote_ports/" + d.rport()))
                    || (d.transport.equals("iscsi") && object.equals("iscsi_session/" + d.session()))) out.add(d);
        }
        return out;
    }

    /** "class/fc_remote_ports/rport-1:0-2/dev_loss_tmo" → {"fc_remote_ports/rport-1:0-2", "dev_loss_tmo"}, else null. */
    private static String[] transportAttribute(String p) {
        String[] parts = p.split("/");
        if (parts.length != 4 || !parts[0].equals("class")) return null;
        if (!parts[1].equals("fc_remote_ports") && !parts[1].equals("iscsi_session")) return null;
        return new String[] {parts[1] + "/" + parts[2], parts[3]};
    }

    private Optional<String> transportRead(String p) {
        String[] oa = transportAttribute(p);
        if (oa == null) return Optional.empty();
        List<SimDisk> disks = transportDisks(oa[0]);
        if (disks.isEmpty()) return Optional.empty();
        SimDisk d = disks.get(0);
        String set = d.transportAttrs.get(oa[1]);
        if (set != null) return Optional.of(set);
        return Optional.ofNullable(switch (oa[1]) {
            case "node_name" -> d.transport.equals("fc") ? (d.targetNodeName.isEmpty()
                    ? String.format("0x20000000%08x", d.address.target()) : d.targetNodeName) : null;
            case "port_state" -> d.transport.equals("fc") ? "Online" : null;
            case "targetname" -> d.transport.equals("iscsi") ? iscsiTarget(d) : null;
            case "fast_io_fail_tmo", "dev_loss_tmo" -> d.transport.equals("fc") ? TRANSPORT_DEFAULTS.get(oa[1]) : null;
            case "recovery_tmo" -> d.transport.equals("iscsi") ? TRANSPORT_DEFAULTS.get(oa[1]) : null;
            default -> null;
        });
    }

    static String iscsiTarget(SimDisk d) {
        return d.targetNodeName.isEmpty() ? "iqn.2003-01.org.sim:target" + d.address.target() : d.targetNodeName;
    }

    /** The iSCSI portal a path's session logs into: 10.0.&lt;host&gt;.&lt;target + 1&gt;. */
    static String iscsiPortal(SimDisk d) {
        return "10.0." + (d.address.host() & 0xff) + "." + ((d.address.target() + 1) & 0xff);
    }

    /** class/fc_transport/targetH:C:T/node_name for paths whose topology gives a target node name. */
    private Optional<String> classAttribute(String p) {
        if (transportAttribute(p) != null) return transportRead(p);
        String prefix = "class/fc_transport/target";
        if (!p.startsWith(prefix) || !p.endsWith("/node_name")) return Optional.empty();
        String hct = p.substring(prefix.length(), p.length() - "/node_name".length());
        for (SimDisk d : k.disksByName.values()) {
            String mine = d.address.host() + ":" + d.address.channel() + ":" + d.address.target();
            if (mine.equals(hct) && !d.targetNodeName.isEmpty()) return Optional.of(d.targetNodeName);
        }
        return Optional.empty();
    }

    /** Each host is its own target port (relative port = host + 1); the target port group is the path's. */
    static byte[] page83(SimDisk d) {
        return Vpd.page83(d.lun.wwid, d.address.host() + 1, d.tpg);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }

    List<String> list(String dir) {
        synchronized (k.lock) {
            String p = SysfsPaths.normalise(dir);
            if (p.equals("block") || p.equals("class/block")) {
                List<String> out = new ArrayList<>(k.disksByName.size() + k.mapsByMinor.size());
                out.addAll(k.disksByName.keySet());
                for (SimMap m : k.mapsByMinor.values()) if (m.diskAdded) out.add(m.kernelName());
                out.sort(null);
                return out;
            }
            if (p.equals("class/scsi_host")) {
                List<String> out = new ArrayList<>();
                for (int h : k.hosts) out.add("host" + h);
                out.sort(null);
                return out;
            }
            Node n = paths.resolve(p);
            if (n == null) return List.of();
            if (n.disk() != null && n.disk().nvme != null && (n.rest().isEmpty() || n.rest().equals("device"))) {
                return n.rest().isEmpty() ? NVME_NS_ATTRS : NVME_CTRL_ATTRS;
            }
            if (n.disk() != null) {
                SimDisk d = n.disk();
                return switch (n.rest()) {
                    case "" -> DISK_ATTRS;
                    case "holders" -> {
                        List<String> out = new ArrayList<>();
                        for (int minor : d.holders) out.add("dm-" + minor);
                        out.sort(null);
                        yield out;
                    }
                    case "queue" -> List.of("logical_block_size", "physical_block_size");
                    case "device" -> {
                        TreeSet<String> out = new TreeSet<>(List.of("delete", "dh_state", "model", "queue_depth",
                                "rescan", "rev", "scsi_device", "scsi_disk", "state", "timeout", "type", "vendor",
                                "vpd_pg80", "vpd_pg83", "wwid"));
                        if (d.handler() != null) {
                            out.add("access_state");
                            out.add("preferred_path");
                        }
                        yield List.copyOf(out);
                    }
                    case "device/scsi_device", "device/scsi_disk" -> List.of(d.address.toString());
                    default -> List.of();
                };
            }
            SimMap m = n.map();
            return switch (n.rest()) {
                case "" -> DM_ATTRS;
                case "dm" -> List.of("name", "suspended", "use_blk_mq", "uuid");
                case "queue" -> List.of("logical_block_size", "physical_block_size");
                case "holders" -> k.holders.stackedOn(m); // dm devices (LVM) whose tables use this one
                case "slaves" -> {
                    TreeSet<String> out = new TreeSet<>();
                    // deleted disks vanish from sysfs even while a table still holds them
                    for (SimDisk d : k.holders.usedDisks(m)) if (!d.removed) out.add(d.name);
                    yield List.copyOf(out);
                }
                default -> List.of();
            };
        }
    }

    Optional<String> readLink(String path) {
        synchronized (k.lock) {
            String p = SysfsPaths.normalise(path);
            if (p.startsWith("devices/")) return Optional.empty(); // the real locations are directories, not links
            Node n = paths.resolve(p);
            if (n == null) return Optional.empty();
            String devpath = n.disk() != null ? n.disk().blockDevpath() : n.map().devpath();
            if (n.rest().isEmpty()) {
                if (p.startsWith("block/")) return Optional.of(".." + devpath);
                return Optional.of("../.." + devpath); // class/block/X and dev/block/M:m
            }
            if (n.disk() != null && n.rest().equals("device")) {
                return Optional.of(n.disk().nvme != null ? "../../" + n.disk().nvme.name() : "../../../" + n.disk().address);
            }
            if (n.rest().startsWith("holders/") || n.rest().startsWith("slaves/")) {
                String target = n.rest().substring(n.rest().indexOf('/') + 1);
                if (list(p.substring(0, p.lastIndexOf('/'))).contains(target)) return Optional.of("../../" + target);
            }
            return Optional.empty();
        }
    }

    void write(String path, String value) throws IOException {
        String v = value == null ? "" : value.strip();
        Node n;
        synchronized (k.lock) {
            n = paths.resolve(path);
        }
        if (n == null) {
            String[] oa = transportAttribute(SysfsPaths.normalise(path));
            synchronized (k.lock) {
                if (oa != null && transportRead(SysfsPaths.normalise(path)).isPresent() && TRANSPORT_DEFAULTS.containsKey(oa[1])) {
                    if (!v.equals("off") && !v.matches("\\d{1,10}")) throw new IOException(path + ": Invalid argument: '" + v + "'");
                    for (SimDisk d : transportDisks(oa[0])) d.transportAttrs.put(oa[1], v);
                    return;
                }
            }
        }
        if (n == null || n.disk() == null) throw new NoSuchFileException(path, null, "no writable attribute");
        switch (n.rest()) {
            case "device/state" -> {
                DiskState s = DiskState.fromSysfs(v);
                if (s == null) throw new IOException(path + ": Invalid argument: '" + v + "'");
                k.setPathState(n.disk().name, s);
            }
            case "device/delete" -> {
                if (!v.equals("1")) throw new IOException(path + ": Invalid argument: '" + v + "'");
                k.removePath(n.disk().name);
            }
            case "device/rescan" -> { }
            case "device/timeout" -> {
                if (!v.matches("\\d{1,9}") || Integer.parseInt(v) == 0) throw new IOException(path + ": Invalid argument: '" + v + "'");
                synchronized (k.lock) {
                    n.disk().timeout = Integer.parseInt(v);
                }
            }
            default -> throw new AccessDeniedException(path, null, "read-only attribute");
        }
    }
}
