package io.mpathvx.core.sim;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The NVMe part of a simulated SAN: subsystems, each reached through controllers (one per fabric connection), with
 * namespaces and, per namespace and controller, an ANA state. The kernel's native NVMe multipathing is off
 * (nvme_core.multipath=N), so each namespace shows once per controller, as {@code nvme<ctrl>n<ns>}. The JSON form is
 * documented in docs/simulated-kernel.md.
 */
public final class NvmeTopology {
    /** ANA states as the kernel's sysfs {@code ana_state} spells them, and their NVMe codes (1, 2, 3, 4, 0xf). */
    public static final List<String> ANA_STATES = List.of("optimized", "non-optimized", "inaccessible",
            "persistent-loss", "change");
    public static final Set<String> TRANSPORTS = Set.of("pcie", "rdma", "fc", "tcp", "loop");

    private NvmeTopology() {
    }

    /**
     * One NVM subsystem.
     *
     * @param nqn         the subsystem NQN (controllers' {@code subsysnqn})
     * @param model       Identify Controller MN (sysfs {@code model}): what multipathd takes as the product
     * @param serial      Identify Controller SN (sysfs {@code serial})
     * @param firmware    Identify Controller FR (sysfs {@code firmware_rev}): multipathd's revision
     * @param transport   every controller's {@code transport}: pcie, rdma, fc, tcp or loop
     * @param controllers how many controllers (fabric connections) the host has to the subsystem
     * @param ana         the controllers report ANA (Identify Controller CMIC bit 3)
     */
    public record Subsystem(String nqn, String model, String serial, String firmware, String transport,
                            int controllers, boolean ana, List<Namespace> namespaces) {
        public Subsystem {
            namespaces = List.copyOf(namespaces);
        }
    }

    /**
     * One namespace.
     *
     * @param wwid  the kernel's {@code wwid} attribute (udev ID_WWN): {@code eui.}+16 or 32 hex, {@code uuid.}+UUID,
     *              or {@code nvme.}+text
     * @param paths the controllers the namespace is attached to
     */
    public record Namespace(int nsid, String wwid, long sizeSectors, List<NsPath> paths) {
        public Namespace {
            paths = List.copyOf(paths);
        }
    }

    /**
     * The namespace as one controller shows it.
     *
     * @param controller the controller's index in its subsystem (0-based)
     * @param ana        the ANA state of the namespace's ANA group on that controller
     * @param anaGroup   the ANA group id
     */
    public record NsPath(int controller, String ana, int anaGroup) {
    }

    static List<Subsystem> parse(JsonArray array, List<SanTopology.LunSpec> luns) throws TopologyException {
        List<Subsystem> out = new ArrayList<>();
        if (array == null) return out;
        Set<String> wwids = new HashSet<>();
        for (SanTopology.LunSpec l : luns) wwids.add(l.wwid());
        for (int i = 0; i < array.size(); i++) {
            String at = "nvme[" + i + "]";
            if (!(array.getValue(i) instanceof JsonObject o)) throw new TopologyException(at, "must be an object");
            SanTopology.Fields f = new SanTopology.Fields(o, at + ".", Set.of("nqn", "model", "serial", "firmware",
                    "transport", "controllers", "ana", "namespaces"));
            String model = f.string("model", "Linux");
            String serial = f.string("serial", "sim" + i);
            String firmware = f.string("firmware", "6.1");
            checkText(at + ".model", model, 40);
            checkText(at + ".serial", serial, 20);
            checkText(at + ".firmware", firmware, 8);
            String transport = f.string("transport", "tcp");
            if (!TRANSPORTS.contains(transport)) {
                throw new TopologyException(at + ".transport", "must be one of pcie, rdma, fc, tcp, loop, got '" + transport + "'");
            }
            int controllers = (int) f.integer("controllers", 2, 1, 64);
            String nqn = f.string("nqn", "nqn.2014-08.org.sim:subsys" + i);
            JsonArray nsArray = f.array("namespaces");
            if (nsArray == null || nsArray.isEmpty()) throw new TopologyException(at + ".namespaces", "a subsystem needs a namespace");
            List<Namespace> namespaces = new ArrayList<>();
            Set<Integer> nsids = new HashSet<>();
            for (int n = 0; n < nsArray.size(); n++) {
                Namespace ns = namespace(nsArray, at + ".namespaces[" + n + "]", n, controllers);
                if (!nsids.add(ns.nsid())) throw new TopologyException(at + ".namespaces[" + n + "].nsid", "nsid " + ns.nsid() + " used twice");
                if (!wwids.add(ns.wwid())) throw new TopologyException(at + ".namespaces[" + n + "].wwid", "WWID " + ns.wwid() + " used twice");
                namespaces.add(ns);
            }
            out.add(new Subsystem(nqn, model, serial, firmware, transport, controllers, f.bool("ana", true), namespaces));
        }
        return out;
    }

    private static Namespace namespace(JsonArray array, String at, int index, int controllers) throws TopologyException {
        if (!(array.getValue(index) instanceof JsonObject o)) throw new TopologyException(at, "must be an object");
        SanTopology.Fields f = new SanTopology.Fields(o, at + ".", Set.of("nsid", "wwid", "sizeMb", "paths"));
        int nsid = (int) f.integer("nsid", index + 1, 1, 65535);
        String wwid = f.string("wwid", null);
        if (wwid == null) throw new TopologyException(at + ".wwid", "missing");
        if (!wwid.matches("eui\\.([0-9a-f]{16}|[0-9a-f]{32})|uuid\\.[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}|nvme\\.[!-~]{1,200}")) {
            throw new TopologyException(at + ".wwid", "an NVMe WWID is eui.+16 or 32 hex digits, uuid.+a UUID, or nvme.+text: '" + wwid + "'");
        }
        long sectors = f.integer("sizeMb", 1024, 1, 1L << 32) * 2048;
        JsonArray pa = f.array("paths");
        List<NsPath> paths = new ArrayList<>();
        if (pa == null) {
            for (int c = 0; c < controllers; c++) paths.add(new NsPath(c, c == 0 ? "optimized" : "non-optimized", nsid));
        } else {
            Set<Integer> seen = new HashSet<>();
            for (int p = 0; p < pa.size(); p++) {
                String pat = at + ".paths[" + p + "]";
                if (!(pa.getValue(p) instanceof JsonObject po)) throw new TopologyException(pat, "must be an object");
                SanTopology.Fields pf = new SanTopology.Fields(po, pat + ".", Set.of("controller", "ana", "anaGroup"));
                if (!po.containsKey("controller")) throw new TopologyException(pat + ".controller", "missing");
                int c = (int) pf.integer("controller", 0, 0, controllers - 1);
                if (!seen.add(c)) throw new TopologyException(pat + ".controller", "controller " + c + " given twice");
                String ana = pf.string("ana", "optimized");
                if (!ANA_STATES.contains(ana)) throw new TopologyException(pat + ".ana", "must be one of " + ANA_STATES + ", got '" + ana + "'");
                paths.add(new NsPath(c, ana, (int) pf.integer("anaGroup", nsid, 1, 65535)));
            }
            if (paths.isEmpty()) throw new TopologyException(at + ".paths", "a namespace needs at least one path");
        }
        return new Namespace(nsid, wwid, sectors, paths);
    }

    private static void checkText(String field, String v, int max) throws TopologyException {
        if (v.isEmpty() || v.length() > max || v.chars().anyMatch(c -> c < ' ' || c > '~')) {
            throw new TopologyException(field, "must be printable ASCII of 1 to " + max + " characters: '" + v + "'");
        }
    }

    /** The NVMe ANA state code (NVME_ANA_OPTIMIZED ... NVME_ANA_CHANGE) of a sysfs spelling. */
    static int anaCode(String state) {
        return switch (state) {
            case "optimized" -> 0x1;
            case "non-optimized" -> 0x2;
            case "inaccessible" -> 0x3;
            case "persistent-loss" -> 0x4;
            default -> 0xf;   // change
        };
    }
}
