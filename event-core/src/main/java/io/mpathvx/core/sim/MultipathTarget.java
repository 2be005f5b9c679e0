package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.DevT;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The runtime state of one dm-multipath target, following drivers/md/dm-mpath.c: the table and status strings it
 * emits, messages, and path selection when I/O arrives ({@link MultipathCtr} validates and builds it). Guarded by the
 * kernel's lock.
 */
final class MultipathTarget {
    /** A table the constructor refused; the text is what the kernel would log as ti->error. */
    static final class Rejected extends Exception {
        final Errno errno;

        Rejected(String why) {
            this(Errno.EINVAL, why);
        }

        Rejected(Errno errno, String why) {
            super(why);
            this.errno = errno;
        }
    }

    /** Opens a path device for a table as dm_get_device does. */
    interface Opener {
        /**
         * The disk with this number, or null when no SCSI disk has it; throws ENXIO when the disk cannot be opened now
         * (sd refuses to open an offline device, unless this map holds it open already).
         */
        SimDisk disk(DevT devt) throws Rejected;
    }

    /** What a message or I/O did, for the kernel to turn into event_nr bumps and uevents. */
    record PathEvent(boolean failed, DevT devt, int validPaths) {
    }

    enum Selector {
        ROUND_ROBIN("round-robin", 1, 0, 1),
        QUEUE_LENGTH("queue-length", 1, 1, 1),
        SERVICE_TIME("service-time", 2, 2, 2);

        final String name;
        final int tableArgs;
        final int infoArgs;
        final int maxPathArgs;

        Selector(String name, int tableArgs, int infoArgs, int maxPathArgs) {
            this.name = name;
            this.tableArgs = tableArgs;
            this.infoArgs = infoArgs;
            this.maxPathArgs = maxPathArgs;
        }

        static Selector named(String n) {
            for (Selector s : values()) if (s.name.equals(n)) return s;
            return null;
        }
    }

    static final class PgPath {
        final SimDisk disk;
        final DevT devt;
        boolean active = true;
        int failCount;
        final int repeatCount;
        final int relativeThroughput;

        PgPath(SimDisk disk, int repeatCount, int relativeThroughput) {
            this.disk = disk;
            this.devt = disk.devt;
            this.repeatCount = repeatCount;
            this.relativeThroughput = relativeThroughput;
        }
    }

    static final class Group {
        final Selector selector;
        final List<PgPath> paths;
        boolean bypassed;

        Group(Selector selector, List<PgPath> paths) {
            this.selector = selector;
            this.paths = paths;
        }

        boolean hasActive() {
            for (PgPath p : paths) if (p.active) return true;
            return false;
        }
    }

    private boolean queueIfNoPath;
    private boolean savedQueueIfNoPath;
    private final int pgInitRetries;
    private final int pgInitDelayMsecs;
    private final boolean retainAttachedHwHandler;
    private final boolean bioBased;
    private final String hwHandler;
    final List<Group> groups = new ArrayList<>();
    private int currentPg = -1; // index, -1: none
    private int nextPg;
    private int validPaths;
    private boolean queueIo = true;
    private int pgInitCount;

    /** Built by {@link MultipathCtr} from a validated table. */
    MultipathTarget(Features features, String hwHandler, List<Group> groups, int nextPg) {
        this.queueIfNoPath = features.queueIfNoPath();
        this.savedQueueIfNoPath = features.queueIfNoPath();
        this.pgInitRetries = features.pgInitRetries();
        this.pgInitDelayMsecs = features.pgInitDelayMsecs();
        this.retainAttachedHwHandler = features.retainAttachedHwHandler();
        this.bioBased = features.bioBased();
        this.hwHandler = hwHandler;
        this.groups.addAll(groups);
        for (Group g : groups) validPaths += g.paths.size();
        this.nextPg = nextPg;
    }

    /** The table's feature words as the constructor took them (pg_init_delay_msecs -1: not given). */
    record Features(boolean queueIfNoPath, int pgInitRetries, int pgInitDelayMsecs, boolean retainAttachedHwHandler,
                    boolean bioBased) {
    }

    boolean bioBased() {
        return bioBased;
    }

    List<DevT> devices() {
        List<DevT> out = new ArrayList<>();
        for (Group g : groups) for (PgPath p : g.paths) out.add(p.devt);
        return out;
    }

    /** The table line's parameters as DM_TABLE_STATUS with the table flag gives them (canonical, kernel-normalised). */
    String table() {
        StringBuilder sb = new StringBuilder(64 + groups.size() * 40);
        List<String> feats = new ArrayList<>();
        if (queueIfNoPath) feats.add("queue_if_no_path");
        if (pgInitRetries > 0) {
            feats.add("pg_init_retries");
            feats.add(Integer.toString(pgInitRetries));
        }
        if (pgInitDelayMsecs >= 0) {
            feats.add("pg_init_delay_msecs");
            feats.add(Integer.toString(pgInitDelayMsecs));
        }
        if (retainAttachedHwHandler) feats.add("retain_attached_hw_handler");
        if (bioBased) {
            feats.add("queue_mode");
            feats.add("bio");
        }
        sb.append(feats.size());
        for (String w : feats) sb.append(' ').append(w);
        sb.append(hwHandler == null ? " 0" : " 1 " + hwHandler);
        sb.append(' ').append(groups.size()).append(' ').append(statusGroupNumber());
        for (Group g : groups) {
            sb.append(' ').append(g.selector.name).append(" 0 ").append(g.paths.size()).append(' ').append(g.selector.tableArgs);
            for (PgPath p : g.paths) {
                sb.append(' ').append(p.devt);
                sb.append(' ').append(p.repeatCount);
                if (g.selector == Selector.SERVICE_TIME) sb.append(' ').append(p.relativeThroughput);
            }
        }
        return sb.toString();
    }

    /** The status parameters (DM_TABLE_STATUS). */
    String status() {
        StringBuilder sb = new StringBuilder(64 + groups.size() * 48);
        sb.append("2 ").append(queueIo ? 1 : 0).append(' ').append(pgInitCount);
        sb.append(" 0 ").append(groups.size()).append(' ').append(statusGroupNumber());
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            char state = g.bypassed ? 'D' : i == currentPg ? 'A' : 'E';
            sb.append(' ').append(state).append(" 0 ").append(g.paths.size()).append(' ').append(g.selector.infoArgs);
            for (PgPath p : g.paths) {
                sb.append(' ').append(p.devt).append(' ').append(p.active ? 'A' : 'F').append(' ').append(p.failCount);
                switch (g.selector) {
                    case QUEUE_LENGTH -> sb.append(" 0");
                    case SERVICE_TIME -> sb.append(" 0 ").append(p.relativeThroughput);
                    default -> { }
                }
            }
        }
        return sb.toString();
    }

    private int statusGroupNumber() {
        if (nextPg >= 0) return nextPg + 1;
        if (currentPg >= 0) return currentPg + 1;
        return groups.isEmpty() ? 0 : 1;
    }

    int validPaths() {
        return validPaths;
    }

    boolean queueIfNoPath() {
        return queueIfNoPath;
    }

    /**
     * multipath_presuspend: a flushing suspend (or any suspend of a bio-based map) stops queueing, remembering the
     * setting, so that the flush cannot hang; a noflush suspend of a request-based map keeps queueing.
     */
    void presuspend(boolean noFlush) {
        if (bioBased || !noFlush) {
            savedQueueIfNoPath = queueIfNoPath;
            queueIfNoPath = false;
        }
    }

    /** multipath_resume: restore the remembered queueing setting. */
    void resume() {
        queueIfNoPath = savedQueueIfNoPath;
    }

    /**
     * A message (sector already checked). Returns the path events it caused; {@code triggered[0]} is set when the
     * target raised a dm event (trigger_event).
     */
    List<PathEvent> message(String text, boolean[] triggered) throws Rejected {
        String[] argv = text.trim().split("\\s+");
        List<PathEvent> events = new ArrayList<>(1);
        if (argv.length == 1) {
            if (argv[0].equalsIgnoreCase("queue_if_no_path")) {
                queueIfNoPath = true;
                savedQueueIfNoPath = true;
                return events;
            }
            if (argv[0].equalsIgnoreCase("fail_if_no_path")) {
                queueIfNoPath = false;
                savedQueueIfNoPath = false;
                return events;
            }
        }
        if (argv.length != 2) throw new Rejected("Invalid multipath message arguments. Expected 2 arguments, got " + argv.length);
        String verb = argv[0].toLowerCase(Locale.ROOT);
        switch (verb) {
            case "disable_group", "enable_group" -> {
                int n = groupNumber(argv[1]);
                groups.get(n).bypassed = verb.equals("disable_group");
                currentPg = -1;
                triggered[0] = true;
            }
            case "switch_group" -> {
                int n = groupNumber(argv[1]);
                for (Group g : groups) g.bypassed = false;
                currentPg = -1;
                nextPg = n;
                triggered[0] = true;
            }
            case "fail_path", "reinstate_path" -> {
                DevT devt;
                try {
                    devt = DevT.parse(argv[1]);
                } catch (IllegalArgumentException e) {
                    throw new Rejected(Errno.ENODEV, "message: error getting device " + argv[1]);
                }
                boolean found = false;
                for (Group g : groups) {
                    for (PgPath p : g.paths) {
                        if (!p.devt.equals(devt)) continue;
                        found = true;
                        PathEvent ev = verb.equals("fail_path") ? failPath(p) : reinstatePath(p);
                        if (ev != null) {
                            events.add(ev);
                            triggered[0] = true;
                        }
                    }
                }
                if (!found) throw new Rejected("path " + devt + " is not in this map");
            }
            default -> throw new Rejected("Unrecognised multipath message received: " + argv[0]);
        }
        return events;
    }

    private int groupNumber(String s) throws Rejected {
        int n;
        try {
            n = s.matches("\\d+") ? Integer.parseInt(s) : 0;
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n == 0 || groups.isEmpty() || n > groups.size()) throw new Rejected("invalid PG number supplied");
        return n - 1;
    }

    private PathEvent failPath(PgPath p) {
        if (!p.active) return null;
        p.active = false;
        p.failCount++;
        validPaths--;
        return new PathEvent(true, p.devt, validPaths);
    }

    private PathEvent reinstatePath(PgPath p) {
        if (p.active) return null;
        p.active = true;
        validPaths++;
        return new PathEvent(false, p.devt, validPaths);
    }

    /** The outcome of I/O submitted to the map. */
    enum IoOutcome { COMPLETED, QUEUED, FAILED }

    /**
     * I/O arrives: select a group as choose_pgpath does, and let the I/O reach every active path of it (enough I/O to
     * touch each one); a path whose device fails I/O is failed, and selection repeats until I/O completes or no path is
     * left.
     */
    IoOutcome io(List<PathEvent> events) {
        for (int guard = 0; guard <= groups.size() * 2 + 2; guard++) {
            int pg = choosePg();
            if (pg < 0) return queueIfNoPath ? IoOutcome.QUEUED : IoOutcome.FAILED;
            boolean anyGood = false;
            for (PgPath p : groups.get(pg).paths) {
                if (!p.active) continue;
                if (p.disk.failsIo()) {
                    PathEvent ev = failPath(p);
                    if (ev != null) events.add(ev);
                } else {
                    anyGood = true;
                }
            }
            if (anyGood) return IoOutcome.COMPLETED;
        }
        return queueIfNoPath ? IoOutcome.QUEUED : IoOutcome.FAILED;
    }

    private int choosePg() {
        if (validPaths == 0) {
            queueIo = false;
            currentPg = -1;
            return -1;
        }
        if (nextPg >= 0) {
            int pg = nextPg;
            nextPg = -1;
            if (groups.get(pg).hasActive()) return switchTo(pg);
        }
        if (currentPg >= 0 && groups.get(currentPg).hasActive()) return currentPg;
        for (int pass = 0; pass < 2; pass++) {
            boolean wantBypassed = pass == 1; // first the enabled groups, then the bypassed ones
            for (int i = 0; i < groups.size(); i++) {
                Group g = groups.get(i);
                if (g.bypassed == wantBypassed && g.hasActive()) return switchTo(i);
            }
        }
        currentPg = -1;
        return -1;
    }

    private int switchTo(int pg) {
        if (currentPg != pg) {
            currentPg = pg;
            // __switch_pg resets pg_init_count; with a hardware handler pg_init then runs once (and completes here)
            pgInitCount = hwHandler != null ? 1 : 0;
            queueIo = false;
        }
        return pg;
    }
}
