package io.mpathvx.core.sim;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A SAN for the simulated kernel: LUNs, each reachable through paths on SCSI hosts. The JSON format is documented in
 * docs/simulated-kernel.md.
 *
 * @param udev                whether udevd "runs": paths then have udev properties (ID_SERIAL, ...)
 * @param dmMajor             the device-mapper block major (dynamic on real systems; 253 is the usual)
 * @param ueventQueueCapacity datagrams the default uevent listener queues before it overflows
 * @param hosts               the SCSI hosts
 * @param luns                the LUNs in document order
 * @param nvme                the NVMe subsystems in document order (native NVMe multipathing off: one block device
 *                            per namespace and controller)
 */
public record SanTopology(boolean udev, int dmMajor, int ueventQueueCapacity, List<Integer> hosts, List<LunSpec> luns,
                          List<NvmeTopology.Subsystem> nvme) {
    public static final int DEFAULT_DM_MAJOR = 253;
    public static final int DEFAULT_UEVENT_CAPACITY = 65536;

    public SanTopology {
        hosts = List.copyOf(hosts);
        luns = List.copyOf(luns);
        nvme = List.copyOf(nvme);
    }

    /** A SAN of SCSI LUNs only. */
    public SanTopology(boolean udev, int dmMajor, int ueventQueueCapacity, List<Integer> hosts, List<LunSpec> luns) {
        this(udev, dmMajor, ueventQueueCapacity, hosts, luns, List.of());
    }

    /** ALUA access states as sysfs {@code device/access_state} spells them. */
    public static final List<String> ALUA_STATES = List.of("active/optimized", "active/non-optimized", "standby",
            "unavailable", "lba-dependent", "offline", "transitioning");

    /**
     * One LUN.
     *
     * @param wwid        the WWID as multipathd reports it (udev ID_SERIAL): {@code 3}+hex for NAA, {@code 2}+hex for
     *                    EUI-64, {@code 1}+text for a T10 vendor id
     * @param sizeSectors size in 512-byte sectors
     * @param lun         the SCSI LUN number it has on every host
     * @param tpgs        TPGS in standard INQUIRY: none, implicit, explicit or both (ALUA support)
     * @param rdac        an RDAC array: VPD page 0xC9 is listed and answers "vac1"
     */
    public record LunSpec(String wwid, long sizeSectors, String vendor, String product, String revision, String serial,
                          long lun, List<PathSpec> paths, String tpgs, boolean rdac) {
        /** A LUN whose ALUA support follows its paths (TPGS implicit when any path has an ALUA state), not RDAC. */
        public LunSpec(String wwid, long sizeSectors, String vendor, String product, String revision, String serial,
                       long lun, List<PathSpec> paths) {
            this(wwid, sizeSectors, vendor, product, revision, serial, lun, paths, null, false);
        }

        public LunSpec {
            java.util.Objects.requireNonNull(wwid, "wwid");
            if (sizeSectors <= 0) throw new IllegalArgumentException("size must be positive: " + sizeSectors);
            vendor = vendor == null ? "" : vendor;
            product = product == null ? "" : product;
            revision = revision == null ? "" : revision;
            serial = serial == null ? (wwid.length() > 1 ? wwid.substring(1) : wwid) : serial;
            paths = List.copyOf(paths);
            if (tpgs == null) tpgs = paths.stream().anyMatch(p -> p.alua() != null) ? "implicit" : "none";
            if (!TPGS_MODES.contains(tpgs)) throw new IllegalArgumentException("not a TPGS mode: " + tpgs);
        }
    }

    /** The TPGS field of standard INQUIRY data, in the order of its value (0..3). */
    public static final List<String> TPGS_MODES = List.of("none", "implicit", "explicit", "both");

    /**
     * One path to a LUN.
     *
     * @param state          SCSI device state: running, offline, blocked or transport-offline
     * @param alua           ALUA access state, null when the LUN has no ALUA
     * @param preferred      ALUA preferred-path bit
     * @param targetNodeName the target's node name (FC WWNN), empty if none
     * @param transport      how the host reaches the target: "" (a pseudo host, like scsi_debug), fc, iscsi, sas or
     *                       usb; it decides the device's place in sysfs and, for usb, its udev properties
     * @param tpg            the ALUA target port group id the path's port belongs to
     */
    public record PathSpec(int host, int channel, int target, String state, String alua, boolean preferred,
                           String targetNodeName, String transport, int tpg) {
        public static final Set<String> TRANSPORTS = Set.of("", "fc", "iscsi", "sas", "usb");

        /** A path whose target port group is its host's (host + 1). */
        public PathSpec(int host, int channel, int target, String state, String alua, boolean preferred,
                        String targetNodeName, String transport) {
            this(host, channel, target, state, alua, preferred, targetNodeName, transport, host + 1);
        }

        /** A pseudo-host path (no transport). */
        public PathSpec(int host, int channel, int target, String state, String alua, boolean preferred,
                        String targetNodeName, int tpg) {
            this(host, channel, target, state, alua, preferred, targetNodeName, "", tpg);
        }

        public PathSpec {
            if (tpg < 0 || tpg > 65535) throw new IllegalArgumentException("not a target port group id: " + tpg);
            state = state == null ? "running" : state;
            if (DiskState.fromSysfs(state) == null) throw new IllegalArgumentException("not a SCSI device state: " + state);
            if (alua != null && !ALUA_STATES.contains(alua)) throw new IllegalArgumentException("not an ALUA state: " + alua);
            targetNodeName = targetNodeName == null ? "" : targetNodeName;
            transport = transport == null ? "" : transport;
            if (!TRANSPORTS.contains(transport)) throw new IllegalArgumentException("not a transport: " + transport);
        }

        /** A path on a pseudo host (no transport). */
        public PathSpec(int host, int channel, int target, String state, String alua, boolean preferred,
                        String targetNodeName) {
            this(host, channel, target, state, alua, preferred, targetNodeName, "");
        }
    }

    /** A generated SAN: {@code luns} NAA LUNs of 1 GiB, each with {@code pathsPerLun} running paths on hosts 0.. . */
    public static SanTopology generated(int luns, int pathsPerLun) {
        try {
            return parse(new JsonObject().put("generate", new JsonObject().put("luns", luns).put("pathsPerLun", pathsPerLun)));
        } catch (TopologyException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    public static SanTopology load(Path file) throws IOException, TopologyException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        JsonObject json;
        try {
            json = new JsonObject(text);
        } catch (DecodeException | ClassCastException e) {
            throw new TopologyException(file.toString(), "not a JSON object: " + e.getMessage());
        }
        return parse(json);
    }

    public static SanTopology parse(JsonObject json) throws TopologyException {
        Fields top = new Fields(json, "", Set.of("udev", "dmMajor", "ueventQueueCapacity", "hosts", "luns", "generate",
                "nvme"));
        boolean udev = top.bool("udev", false);
        int dmMajor = (int) top.integer("dmMajor", DEFAULT_DM_MAJOR, 1, 4095);
        int capacity = (int) top.integer("ueventQueueCapacity", DEFAULT_UEVENT_CAPACITY, 1, 1 << 24);
        List<Integer> hosts = new ArrayList<>();
        JsonArray hostArray = top.array("hosts");
        if (hostArray != null) {
            for (int i = 0; i < hostArray.size(); i++) {
                Object h = hostArray.getValue(i);
                String f = "hosts[" + i + "]";
                if (!(h instanceof Number n) || n.doubleValue() != n.longValue() || n.longValue() < 0 || n.longValue() > 65535) {
                    throw new TopologyException(f, "must be a host number 0..65535, got " + h);
                }
                if (hosts.contains(n.intValue())) throw new TopologyException(f, "host " + n + " listed twice");
                hosts.add(n.intValue());
            }
        }
        List<LunSpec> luns = new ArrayList<>();
        JsonArray lunArray = top.array("luns");
        if (lunArray != null) {
            for (int i = 0; i < lunArray.size(); i++) luns.add(lun(lunArray, i, hosts, hostArray != null));
        }
        JsonObject gen = top.object("generate");
        if (gen != null) generate(new Fields(gen, "generate.", Set.of("luns", "pathsPerLun", "hosts", "vendor",
                "product", "revision", "sizeMb", "wwidPrefix", "alua")), luns, hosts, hostArray != null);
        if (hostArray == null) {
            for (LunSpec l : luns) for (PathSpec p : l.paths()) if (!hosts.contains(p.host())) hosts.add(p.host());
            hosts.sort(null);
        }
        checkUnique(luns);
        List<NvmeTopology.Subsystem> nvme = NvmeTopology.parse(top.array("nvme"), luns);
        return new SanTopology(udev, dmMajor, capacity, hosts, luns, nvme);
    }

    private static LunSpec lun(JsonArray array, int i, List<Integer> hosts, boolean hostsListed) throws TopologyException {
        String at = "luns[" + i + "]";
        if (!(array.getValue(i) instanceof JsonObject o)) throw new TopologyException(at, "must be an object");
        Fields f = new Fields(o, at + ".", Set.of("wwid", "sizeMb", "sizeSectors", "vendor", "product", "revision",
                "serial", "lun", "paths", "tpgs", "rdac"));
        String wwid = f.string("wwid", null);
        if (wwid == null) throw new TopologyException(at + ".wwid", "missing");
        checkWwid(at + ".wwid", wwid);
        long sectors = sizeSectors(f);
        String vendor = f.string("vendor", "LIO-ORG");
        String product = f.string("product", "disk");
        String revision = f.string("revision", "4.0");
        checkLen(at + ".vendor", vendor, 8);
        checkLen(at + ".product", product, 16);
        checkLen(at + ".revision", revision, 4);
        String serial = f.string("serial", defaultSerial(wwid));
        long lunNr = f.integer("lun", i, 0, 16383);
        JsonArray pathArray = f.array("paths");
        if (pathArray == null || pathArray.isEmpty()) throw new TopologyException(at + ".paths", "a LUN needs at least one path");
        List<PathSpec> paths = new ArrayList<>();
        for (int p = 0; p < pathArray.size(); p++) {
            String pat = at + ".paths[" + p + "]";
            if (!(pathArray.getValue(p) instanceof JsonObject po)) throw new TopologyException(pat, "must be an object");
            Fields pf = new Fields(po, pat + ".", Set.of("host", "channel", "target", "state", "alua", "preferred",
                    "targetNodeName", "transport", "tpg"));
            if (!po.containsKey("host")) throw new TopologyException(pat + ".host", "missing");
            int host = (int) pf.integer("host", 0, 0, 65535);
            if (hostsListed && !hosts.contains(host)) throw new TopologyException(pat + ".host", "host " + host + " is not in hosts " + hosts);
            int channel = (int) pf.integer("channel", 0, 0, 255);
            int target = (int) pf.integer("target", 0, 0, 65535);
            String state = pf.string("state", "running");
            if (DiskState.fromSysfs(state) == null) {
                throw new TopologyException(pat + ".state", "must be running, offline, blocked or transport-offline, got '" + state + "'");
            }
            String alua = pf.string("alua", null);
            if (alua != null && !ALUA_STATES.contains(alua)) {
                throw new TopologyException(pat + ".alua", "must be one of " + ALUA_STATES + ", got '" + alua + "'");
            }
            boolean preferred = pf.bool("preferred", false);
            String tnn = pf.string("targetNodeName", "");
            String transport = pf.string("transport", "");
            if (!PathSpec.TRANSPORTS.contains(transport)) {
                throw new TopologyException(pat + ".transport", "must be one of fc, iscsi, sas, usb (or absent), got '" + transport + "'");
            }
            int tpg = (int) pf.integer("tpg", host + 1, 0, 65535);
            paths.add(new PathSpec(host, channel, target, state, alua, preferred, tnn, transport, tpg));
        }
        String tpgs = f.string("tpgs", null);
        if (tpgs != null && !TPGS_MODES.contains(tpgs)) {
            throw new TopologyException(at + ".tpgs", "must be one of " + TPGS_MODES + ", got '" + tpgs + "'");
        }
        return new LunSpec(wwid, sectors, vendor, product, revision, serial, lunNr, paths, tpgs, f.bool("rdac", false));
    }

    private static long sizeSectors(Fields f) throws TopologyException {
        boolean mb = f.has("sizeMb");
        boolean sec = f.has("sizeSectors");
        if (mb && sec) throw new TopologyException(f.prefix + "sizeMb", "give sizeMb or sizeSectors, not both");
        if (sec) return f.integer("sizeSectors", 0, 1, Long.MAX_VALUE / 2);
        return f.integer("sizeMb", 1024, 1, 1L << 32) * 2048;
    }

    private static void generate(Fields g, List<LunSpec> luns, List<Integer> hosts, boolean hostsListed)
            throws TopologyException {
        int count = (int) g.integer("luns", 16, 1, 1_000_000);
        int perLun = (int) g.integer("pathsPerLun", 2, 1, 64);
        List<Integer> genHosts = new ArrayList<>();
        JsonArray ha = g.array("hosts");
        if (ha != null) {
            for (int i = 0; i < ha.size(); i++) {
                Object h = ha.getValue(i);
                if (!(h instanceof Number n) || n.intValue() < 0 || n.intValue() > 65535) {
                    throw new TopologyException("generate.hosts[" + i + "]", "must be a host number, got " + h);
                }
                genHosts.add(n.intValue());
            }
            if (genHosts.isEmpty()) throw new TopologyException("generate.hosts", "must not be empty");
        } else if (hostsListed && !hosts.isEmpty()) {
            genHosts.addAll(hosts);
        } else {
            for (int i = 0; i < perLun; i++) genHosts.add(i);
        }
        if (hostsListed) {
            for (int h : genHosts) if (!hosts.contains(h)) throw new TopologyException("generate.hosts", "host " + h + " is not in hosts " + hosts);
        }
        String vendor = g.string("vendor", "LIO-ORG");
        String product = g.string("product", "disk");
        String revision = g.string("revision", "4.0");
        checkLen("generate.vendor", vendor, 8);
        checkLen("generate.product", product, 16);
        checkLen("generate.revision", revision, 4);
        long sectors = g.integer("sizeMb", 1024, 1, 1L << 32) * 2048;
        String prefix = g.string("wwidPrefix", "36001405").toLowerCase(Locale.ROOT);
        if (!prefix.matches("3[0-9a-f]{1,24}")) {
            throw new TopologyException("generate.wwidPrefix", "must be '3' followed by 1..24 hex digits (an NAA WWID start), got '" + prefix + "'");
        }
        boolean alua = g.bool("alua", false);
        long firstLun = luns.isEmpty() ? 0 : luns.stream().mapToLong(LunSpec::lun).max().getAsLong() + 1;
        // targets repeat when a LUN has more paths than there are hosts
        for (int i = 0; i < count; i++) {
            String hex = Long.toHexString(i);
            String wwid = prefix + "0".repeat(Math.max(0, 33 - prefix.length() - hex.length())) + hex;
            List<PathSpec> paths = new ArrayList<>(perLun);
            for (int p = 0; p < perLun; p++) {
                String state = alua ? (p < (perLun + 1) / 2 ? "active/optimized" : "active/non-optimized") : null;
                paths.add(new PathSpec(genHosts.get(p % genHosts.size()), 0, p / genHosts.size(), "running", state,
                        false, ""));
            }
            luns.add(new LunSpec(wwid, sectors, vendor, product, revision, defaultSerial(wwid), firstLun + i, paths));
        }
    }

    private static void checkUnique(List<LunSpec> luns) throws TopologyException {
        Set<String> wwids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (int i = 0; i < luns.size(); i++) {
            LunSpec l = luns.get(i);
            if (!wwids.add(l.wwid())) throw new TopologyException("luns[" + i + "].wwid", "WWID " + l.wwid() + " used twice");
            for (int p = 0; p < l.paths().size(); p++) {
                PathSpec ps = l.paths().get(p);
                String addr = ps.host() + ":" + ps.channel() + ":" + ps.target() + ":" + l.lun();
                if (!addresses.add(addr)) {
                    throw new TopologyException("luns[" + i + "].paths[" + p + "]", "SCSI address " + addr + " used twice");
                }
            }
        }
    }

    static void checkWwid(String field, String wwid) throws TopologyException {
        if (wwid.isEmpty() || wwid.chars().anyMatch(c -> c <= ' ' || c > '~')) {
            throw new TopologyException(field, "must be non-empty printable ASCII without spaces: '" + wwid + "'");
        }
        char type = wwid.charAt(0);
        String rest = wwid.substring(1);
        switch (type) {
            case '3' -> {
                if (!rest.matches("[0-9a-f]{16}|[0-9a-f]{32}")) {
                    throw new TopologyException(field, "an NAA WWID is '3' + 16 or 32 lowercase hex digits: '" + wwid + "'");
                }
            }
            case '2' -> {
                if (!rest.matches("[0-9a-f]{16}|[0-9a-f]{24}|[0-9a-f]{32}")) {
                    throw new TopologyException(field, "an EUI-64 WWID is '2' + 16, 24 or 32 lowercase hex digits: '" + wwid + "'");
                }
            }
            case '1' -> {
                if (rest.length() < 9 || rest.length() > 200) {
                    throw new TopologyException(field, "a T10 vendor id WWID is '1' + vendor and id text: '" + wwid + "'");
                }
            }
            default -> throw new TopologyException(field, "must start with 1 (T10), 2 (EUI-64) or 3 (NAA): '" + wwid + "'");
        }
    }

    private static void checkLen(String field, String v, int max) throws TopologyException {
        if (v.length() > max || v.chars().anyMatch(c -> c < ' ' || c > '~')) {
            throw new TopologyException(field, "must be printable ASCII of at most " + max + " characters: '" + v + "'");
        }
    }

    private static String defaultSerial(String wwid) {
        return wwid.length() > 17 ? wwid.substring(wwid.length() - 16) : wwid.substring(1);
    }

    /** Typed access to one JSON object's fields; unknown fields are errors so typos do not pass silently. */
    static final class Fields {
        final JsonObject o;
        final String prefix;

        Fields(JsonObject o, String prefix, Set<String> known) throws TopologyException {
            this.o = o;
            this.prefix = prefix;
            for (String k : o.fieldNames()) {
                if (!known.contains(k)) throw new TopologyException(prefix + k, "unknown field (known: " + new TreeSet<>(known) + ")");
            }
        }

        boolean has(String k) {
            return o.containsKey(k) && o.getValue(k) != null;
        }

        boolean bool(String k, boolean dflt) throws TopologyException {
            if (!has(k)) return dflt;
            if (o.getValue(k) instanceof Boolean b) return b;
            throw new TopologyException(prefix + k, "must be true or false, got " + o.getValue(k));
        }

        long integer(String k, long dflt, long min, long max) throws TopologyException {
            if (!has(k)) return dflt;
            Object v = o.getValue(k);
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new TopologyException(prefix + k, "must be an integer, got " + v);
            }
            long l = n.longValue();
            if (l < min || l > max) throw new TopologyException(prefix + k, "must be within " + min + ".." + max + ", got " + l);
            return l;
        }

        String string(String k, String dflt) throws TopologyException {
            if (!has(k)) return dflt;
            if (o.getValue(k) instanceof String s) return s;
            throw new TopologyException(prefix + k, "must be a string, got " + o.getValue(k));
        }

        JsonArray array(String k) throws TopologyException {
            if (!has(k)) return null;
            if (o.getValue(k) instanceof JsonArray a) return a;
            throw new TopologyException(prefix + k, "must be an array");
        }

        JsonObject object(String k) throws TopologyException {
            if (!has(k)) return null;
            if (o.getValue(k) instanceof JsonObject j) return j;
            throw new TopologyException(prefix + k, "must be an object");
        }
    }
}
