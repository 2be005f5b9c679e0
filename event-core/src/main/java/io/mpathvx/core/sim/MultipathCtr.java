package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.multipath.MultipathSyntaxException;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.core.sim.MultipathTarget.Group;
import io.mpathvx.core.sim.MultipathTarget.Opener;
import io.mpathvx.core.sim.MultipathTarget.PgPath;
import io.mpathvx.core.sim.MultipathTarget.Rejected;
import io.mpathvx.core.sim.MultipathTarget.Selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * dm-mpath's constructor (multipath_ctr in drivers/md/dm-mpath.c): parses and validates a table's params, opens its
 * path devices and attaches their hardware handlers, and builds the {@link MultipathTarget}; a table it refuses
 * throws {@link Rejected} with the kernel's ti->error text. One instance per table.
 */
final class MultipathCtr {
    private static final List<String> HW_HANDLERS = List.of("alua", "rdac", "emc", "hp_sw");

    private boolean queueIfNoPath;
    private int pgInitRetries;
    private int pgInitDelayMsecs = -1;
    private boolean retainAttachedHwHandler;
    private boolean bioBased;
    private String hwHandler;

    private MultipathCtr() {
    }

    /**
     * The constructor: parses and validates params like multipath_ctr.
     *
     * @param disks opens a path's device
     */
    static MultipathTarget construct(String params, long length, Opener disks) throws Rejected {
        MultipathTable t;
        try {
            t = MultipathTable.parse(params);
        } catch (MultipathSyntaxException e) {
            throw new Rejected(e.getMessage());
        }
        MultipathCtr m = new MultipathCtr();
        m.parseFeatures(t.features());
        if (!t.hwHandler().isEmpty() && !m.bioBased) {
            String h = t.hwHandler().get(0);
            if (!HW_HANDLERS.contains(h)) throw new Rejected("error attaching hardware handler (no scsi_dh_" + h + ")");
            m.hwHandler = h;
        }
        if (t.groups().size() > 1024) throw new Rejected("invalid number of priority groups");
        List<Group> groups = new ArrayList<>(t.groups().size());
        for (MultipathTable.Group g : t.groups()) {
            Selector sel = Selector.named(g.selector());
            if (sel == null) throw new Rejected("unknown path selector type '" + g.selector() + "'");
            if (g.paths().isEmpty() || g.paths().size() > 1024) throw new Rejected("invalid number of paths");
            List<PgPath> paths = new ArrayList<>(g.paths().size());
            for (MultipathTable.TablePath tp : g.paths()) {
                SimDisk disk = disks.disk(tp.devt());
                if (disk == null) throw new Rejected(Errno.ENXIO, "error getting device " + tp.devt());
                if (disk.lun.sizeSectors < length) {
                    throw new Rejected(disk.name + " too small for target: len=" + length + ", dev_size=" + disk.lun.sizeSectors);
                }
                List<String> args = tp.args();
                if (args.size() > sel.maxPathArgs) throw new Rejected("too many path arguments for " + sel.name);
                int repeat = 1;
                int rt = 1;
                if (!args.isEmpty()) {
                    repeat = unsigned(args.get(0), "invalid repeat count");
                    if (repeat > 1) repeat = 1; // "repeat_count > 1 is deprecated, using 1 instead"
                }
                if (args.size() > 1) {
                    rt = unsigned(args.get(1), "invalid relative_throughput");
                    if (rt > 100) throw new Rejected("invalid relative_throughput value");
                }
                m.attachHandler(disk);
                paths.add(new PgPath(disk, repeat, rt));
            }
            groups.add(new Group(sel, paths));
        }
        return new MultipathTarget(new MultipathTarget.Features(m.queueIfNoPath, m.pgInitRetries, m.pgInitDelayMsecs,
                m.retainAttachedHwHandler, m.bioBased), m.hwHandler, groups, t.firstGroup() - 1);
    }

    /**
     * setup_scsi_dh for one path. A disk with ALUA (or on the kernel's handler list) has its handler attached already
     * (the SCSI layer attaches it at scan); since Linux 4.3 an attached handler cannot be swapped, so it is retained — also when the table asks for
     * another one — and with retain_attached_hw_handler it replaces "no handler". Attaching alua to a disk without
     * ALUA support fails.
     */
    private void attachHandler(SimDisk disk) throws Rejected {
        String attached = disk.handler();
        if (attached != null) {
            if (retainAttachedHwHandler || (hwHandler != null && !hwHandler.equals(attached))) hwHandler = attached;
        } else if ("alua".equals(hwHandler)) {
            throw new Rejected("error attaching hardware handler (" + disk.name + " has no ALUA support)");
        }
    }

    private static int unsigned(String s, String why) throws Rejected {
        try {
            long v = Long.parseLong(s);
            if (v < 0 || v > 0xffffffffL || !s.matches("\\d+")) throw new Rejected(why + ": " + s);
            return (int) Math.min(v, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw new Rejected(why + ": " + s);
        }
    }

    private void parseFeatures(List<String> f) throws Rejected {
        if (f.size() > 8) throw new Rejected("invalid number of feature args");
        for (int i = 0; i < f.size(); i++) {
            String w = f.get(i).toLowerCase(Locale.ROOT);
            boolean hasArg = i + 1 < f.size();
            switch (w) {
                case "queue_if_no_path" -> queueIfNoPath = true;
                case "retain_attached_hw_handler" -> retainAttachedHwHandler = true;
                case "pg_init_retries" -> {
                    if (!hasArg) throw new Rejected("Unrecognised multipath feature request");
                    int v = unsigned(f.get(++i), "pg_init_retries must be between 1 and 50");
                    if (v < 1 || v > 50) throw new Rejected("pg_init_retries must be between 1 and 50");
                    pgInitRetries = v;
                }
                case "pg_init_delay_msecs" -> {
                    if (!hasArg) throw new Rejected("Unrecognised multipath feature request");
                    int v = unsigned(f.get(++i), "pg_init_delay_msecs must be between 0 and 60000");
                    if (v > 60000) throw new Rejected("pg_init_delay_msecs must be between 0 and 60000");
                    pgInitDelayMsecs = v;
                }
                case "queue_mode" -> {
                    if (!hasArg) throw new Rejected("Unrecognised multipath feature request");
                    String mode = f.get(++i).toLowerCase(Locale.ROOT);
                    switch (mode) {
                        case "bio" -> {
                            bioBased = true;
                            retainAttachedHwHandler = true; // bio-based only discovers an attached handler
                        }
                        case "rq", "mq" -> bioBased = false;
                        default -> throw new Rejected("Unknown 'queue_mode' requested");
                    }
                }
                default -> throw new Rejected("Unrecognised multipath feature request");
            }
        }
    }
}
