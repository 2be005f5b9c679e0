package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.DevT;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** A loaded dm table: its targets, constructed (validated) as the kernel does at TABLE_LOAD. Guarded by the kernel's lock. */
final class SimTable {
    /** The device type a table gives a device; fixed by the first table loaded (dm: "can't change device type"). */
    enum Kind { BIO, REQUEST, ANY }

    /** One target: multipath carries runtime state; the others are stateless. */
    record Line(long start, long length, String type, String params, MultipathTarget multipath, List<DevT> devices) {
    }

    final List<Line> lines;
    final Kind kind;

    private SimTable(List<Line> lines, Kind kind) {
        this.lines = lines;
        this.kind = kind;
    }

    long sizeSectors() {
        Line last = lines.get(lines.size() - 1);
        return last.start + last.length;
    }

    /** The devices the table uses, distinct, in the order DM_TABLE_DEPS lists them (last opened first). */
    List<DevT> deps() {
        Set<DevT> seen = new LinkedHashSet<>();
        for (Line l : lines) seen.addAll(l.devices);
        List<DevT> out = new ArrayList<>(seen);
        Collections.reverse(out);
        return out;
    }

    List<DmTarget> table() {
        List<DmTarget> out = new ArrayList<>(lines.size());
        for (Line l : lines) out.add(new DmTarget(l.start, l.length, l.type, l.multipath != null ? l.multipath.table() : l.params));
        return out;
    }

    List<DmTarget> status() {
        List<DmTarget> out = new ArrayList<>(lines.size());
        for (Line l : lines) out.add(new DmTarget(l.start, l.length, l.type, l.multipath != null ? l.multipath.status() : ""));
        return out;
    }

    /**
     * Constructs a table from target lines, refusing what the kernel refuses.
     *
     * @param disks     opens path devices
     * @param blockSize a dm device's size in sectors by number, null when there is none (for linear over dm)
     */
    static SimTable build(List<DmTarget> targets, MultipathTarget.Opener disks, Function<DevT, Long> blockSize)
            throws MultipathTarget.Rejected {
        if (targets == null || targets.isEmpty()) throw new MultipathTarget.Rejected("table has no targets");
        List<Line> lines = new ArrayList<>(targets.size());
        long next = 0;
        Kind kind = Kind.ANY;
        for (DmTarget t : targets) {
            if (t.start() != next) throw new MultipathTarget.Rejected("gap in table at sector " + next + " (target starts at " + t.start() + ")");
            if (t.length() <= 0) throw new MultipathTarget.Rejected("zero-length target");
            String params = t.params() == null ? "" : t.params().strip();
            Line line;
            Kind k;
            switch (t.type()) {
                case "multipath" -> {
                    if (targets.size() != 1) throw new MultipathTarget.Rejected("request-based dm doesn't support multiple targets");
                    MultipathTarget m = MultipathCtr.construct(params, t.length(), disks);
                    line = new Line(t.start(), t.length(), "multipath", null, m, m.devices());
                    k = m.bioBased() ? Kind.BIO : Kind.REQUEST;
                }
                case "linear" -> {
                    String[] a = params.isEmpty() ? new String[0] : params.split("\\s+");
                    if (a.length != 2) throw new MultipathTarget.Rejected("invalid argument count for linear");
                    DevT dev;
                    long offset;
                    try {
                        dev = DevT.parse(a[0]);
                        offset = Long.parseLong(a[1]);
                    } catch (IllegalArgumentException e) {
                        throw new MultipathTarget.Rejected("invalid linear arguments '" + params + "'");
                    }
                    if (offset < 0) throw new MultipathTarget.Rejected("invalid device sector");
                    SimDisk disk = disks.disk(dev);
                    Long size = disk != null ? Long.valueOf(disk.lun.sizeSectors) : blockSize.apply(dev);
                    if (size == null) throw new MultipathTarget.Rejected(Errno.ENXIO, "device lookup failed: " + dev);
                    if (offset + t.length() > size) throw new MultipathTarget.Rejected(dev + " too small for target");
                    line = new Line(t.start(), t.length(), "linear", dev + " " + offset, null, List.of(dev));
                    k = Kind.BIO;
                }
                case "error", "zero" -> {
                    if (!params.isEmpty() && t.type().equals("zero")) throw new MultipathTarget.Rejected("no arguments required");
                    line = new Line(t.start(), t.length(), t.type(), "", null, List.of());
                    k = t.type().equals("error") ? Kind.ANY : Kind.BIO;
                }
                default -> throw new MultipathTarget.Rejected("unknown target type '" + t.type() + "'");
            }
            if (kind != Kind.ANY && k != Kind.ANY && k != kind) throw new MultipathTarget.Rejected("inconsistent table: different target types can't be mixed");
            if (k != Kind.ANY) kind = k;
            lines.add(line);
            next = t.start() + t.length();
        }
        return new SimTable(List.copyOf(lines), kind);
    }

    MultipathTarget multipath() {
        return lines.size() == 1 ? lines.get(0).multipath : null;
    }
}
