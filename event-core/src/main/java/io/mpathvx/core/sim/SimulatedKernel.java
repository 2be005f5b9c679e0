package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.BlockReadPort;
import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmEventChannel;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.DmVersion;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.kernel.NvmeCommand;
import io.mpathvx.core.kernel.NvmePort;
import io.mpathvx.core.kernel.NvmeReply;
import io.mpathvx.core.kernel.RawUevent;
import io.mpathvx.core.kernel.ReadyWatch;
import io.mpathvx.core.kernel.ScsiPort;
import io.mpathvx.core.kernel.ScsiReply;
import io.mpathvx.core.kernel.Sysfs;
import io.mpathvx.core.kernel.UeventOverflowException;
import io.mpathvx.core.kernel.UeventSource;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.ScsiAddress;
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * An in-memory Linux kernel for mpathvx: device-mapper (with the multipath target), sysfs and udev's database for a
 * simulated SAN, and the uevents a real kernel sends. Deterministic (time is a {@link SimClock}), thread-safe (one
 * lock; blocking faults wait outside it), with fault injection ({@link #faults()}) and call counters
 * ({@link #calls()}). Behaviour and what is mirrored from the real kernel: docs/simulated-kernel.md.
 *
 * <p>As a {@link UeventSource} it is the default uevent listener (kernel group); {@link #openUeventSource(int)} opens
 * more. {@link #close()} closes that default listener only.
 */
public final class SimulatedKernel implements DmControl, Sysfs, UeventSource, ScsiPort, NvmePort, BlockReadPort {
    /** The dm ioctl interface version reported (kernel 6.1+). */
    public static final DmVersion IOCTL_VERSION = new DmVersion(4, 47, 0);
    private static final Map<String, DmVersion> TARGET_VERSIONS = Map.of(
            "multipath", new DmVersion(1, 14, 0),
            "linear", new DmVersion(1, 4, 0),
            "error", new DmVersion(1, 6, 0),
            "zero", new DmVersion(1, 2, 0));
    private static final int MAX_NAME = 127;
    private static final int MAX_UUID = 128;

    final Object lock = new Object();
    private final SimClock clock;
    private final Faults faults;
    private final CallCounts calls = new CallCounts();
    final boolean udev;
    final int dmMajor;

    // the SAN (guarded by lock)
    final Map<String, SimLun> luns = new LinkedHashMap<>();
    final TreeMap<String, SimDisk> disksByName = new TreeMap<>();
    /** The same disks for {@link #pathState}, read without the lock: checkers ask from the event loop. */
    private final ConcurrentHashMap<String, SimDisk> disksForCheckers = new ConcurrentHashMap<>();
    final HashMap<DevT, SimDisk> disksByDevt = new HashMap<>();
    private final HashMap<ScsiAddress, SimDisk> disksByAddress = new HashMap<>();
    private final BitSet diskIndices = new BitSet();
    /** NVMe namespace paths by controller; their block minors on the extended major. */
    private final Map<SimNvmeCtrl, List<SimDisk>> nvmePaths = new LinkedHashMap<>();
    private final BitSet nvmeMinors = new BitSet();
    /** blkext: NVMe namespaces have no major of their own. */
    static final int NVME_MAJOR = 259;
    final TreeSet<Integer> hosts = new TreeSet<>();

    // device-mapper (guarded by lock)
    final TreeMap<String, SimMap> mapsByName = new TreeMap<>();
    private final HashMap<String, SimMap> mapsByUuid = new HashMap<>();
    final HashMap<Integer, SimMap> mapsByMinor = new HashMap<>();
    private final BitSet minors = new BitSet();
    private volatile long globalEvent;
    private long seqnum = 1000;
    private long diskseq;

    private final List<SimUeventSource> sources = new CopyOnWriteArrayList<>();
    private final List<SimUeventSource> udevSources = new CopyOnWriteArrayList<>();
    /** udevd's netlink port id in its re-broadcasts (any non-zero value: not the kernel). */
    static final int UDEVD_PORT = 0x7ffe0001;
    private final SimUeventSource defaultSource;
    private final List<SimEventChannel> channels = new CopyOnWriteArrayList<>();
    private final SysfsTree sysfs = new SysfsTree(this);
    private final UdevDatabase udevDatabase = new UdevDatabase(this);

    public SimulatedKernel(SanTopology topology) {
        this(topology, new SimClock());
    }

    public SimulatedKernel(SanTopology topology, SimClock clock) {
        this.clock = clock;
        this.faults = new Faults(clock);
        this.udev = topology.udev();
        this.dmMajor = topology.dmMajor();
        this.hosts.addAll(topology.hosts());
        this.defaultSource = new SimUeventSource(topology.ueventQueueCapacity(), () -> { });
        sources.add(defaultSource);
        faults.onOverflow(() -> {
            sources.forEach(SimUeventSource::forceOverflow);
            udevSources.forEach(SimUeventSource::forceOverflow);
        });
        // Cold plug: disks present at boot get names in scan order (host, channel, target, lun) and send no uevents.
        record Plug(SimLun lun, SanTopology.PathSpec path, ScsiAddress address) {
        }
        List<Plug> plugs = new ArrayList<>();
        for (SanTopology.LunSpec spec : topology.luns()) {
            SimLun lun = new SimLun(spec.wwid(), spec.lun(), spec.sizeSectors(), spec.vendor(), spec.product(),
                    spec.revision(), spec.serial(), SanTopology.TPGS_MODES.indexOf(spec.tpgs()), spec.rdac());
            luns.put(lun.wwid, lun);
            for (SanTopology.PathSpec p : spec.paths()) plugs.add(new Plug(lun, p, address(lun, p)));
        }
        plugs.sort((a, b) -> compareAddress(a.address(), b.address()));
        for (Plug p : plugs) attachDisk(p.lun(), p.path());
        plugNvme(topology.nvme());
    }

    /**
     * NVMe controllers connect in topology order (nvme0, nvme1, ...), each showing the namespaces attached to it as
     * nvme&lt;controller&gt;n&lt;head&gt;, the head instance numbering the subsystem's namespaces from 1 (native
     * multipathing off: nvme_alloc_ns names the disk after the controller and the namespace head).
     */
    private void plugNvme(List<NvmeTopology.Subsystem> subsystems) {
        int instance = 0;
        for (int si = 0; si < subsystems.size(); si++) {
            NvmeTopology.Subsystem s = subsystems.get(si);
            List<SimNvmeCtrl> ctrls = new ArrayList<>();
            for (int c = 0; c < s.controllers(); c++) {
                SimNvmeCtrl ctrl = new SimNvmeCtrl(instance++, c + 1, s, si);
                ctrls.add(ctrl);
                nvmePaths.put(ctrl, new ArrayList<>());
            }
            for (int n = 0; n < s.namespaces().size(); n++) {
                NvmeTopology.Namespace ns = s.namespaces().get(n);
                SimLun lun = new SimLun(ns.wwid(), ns.nsid(), ns.sizeSectors(), "NVME", s.model(), s.firmware(),
                        s.serial(), 0, false);
                luns.put(lun.wwid, lun);
                for (NvmeTopology.NsPath p : ns.paths()) {
                    SimNvmeCtrl ctrl = ctrls.get(p.controller());
                    int minor = nvmeMinors.nextClearBit(0);
                    nvmeMinors.set(minor);
                    SimDisk d = new SimDisk(ctrl.name() + "n" + (n + 1), -1, new DevT(NVME_MAJOR, minor),
                            new ScsiAddress(ctrl.instance(), ctrl.cntlid(), n + 1, ns.nsid()), lun, ++diskseq, ctrl,
                            p.anaGroup(), p.ana());
                    lun.paths.add(d);
                    nvmePaths.get(ctrl).add(d);
                    disksByName.put(d.name, d);
                    disksForCheckers.put(d.name, d);
                    disksByDevt.put(d.devt, d);
                }
            }
        }
    }

    /** A kernel for the SAN described by {@code json} (the topology format). */
    public static SimulatedKernel fromJson(JsonObject json) throws TopologyException {
        return new SimulatedKernel(SanTopology.parse(json));
    }

    public SimClock clock() {
        return clock;
    }

    public Faults faults() {
        return faults;
    }

    public CallCounts calls() {
        return calls;
    }

    /** The global dm event counter (what an event channel's readiness compares with its armed value). */
    public long globalEventNr() {
        return globalEvent;
    }

    // ------------------------------------------------------------------------------------------------ DmControl

    void beforeCall(DmCall call, String map) throws DmException {
        calls.record(call);
        faults.before(call, map);
    }

    @Override
    public DmVersion version() throws DmException {
        beforeCall(DmCall.VERSION, null);
        return IOCTL_VERSION;
    }

    @Override
    public List<DmDevice> listDevices() throws DmException {
        beforeCall(DmCall.LIST_DEVICES, null);
        return devices();
    }

    List<DmDevice> devices() {
        synchronized (lock) {
            List<DmDevice> out = new ArrayList<>(mapsByName.size());
            for (SimMap m : mapsByName.values()) out.add(new DmDevice(m.name, m.uuid, m.devt, m.eventNr));
            return out;
        }
    }

    @Override
    public DmInfo create(String name, String uuid) throws DmException {
        beforeCall(DmCall.CREATE, name);
        checkName(DmCall.CREATE, name);
        String u = uuid == null ? "" : uuid;
        if (u.length() > MAX_UUID) throw new DmException(DmCall.CREATE.ioctl(), name, Errno.EINVAL, "uuid too long");
        synchronized (lock) {
            // dm_hash_insert answers a taken name or uuid with -EBUSY ("create ioctl ... failed: Device or resource busy")
            if (mapsByName.containsKey(name)) throw new DmException(DmCall.CREATE.ioctl(), name, Errno.EBUSY, "name in use");
            if (!u.isEmpty() && mapsByUuid.containsKey(u)) throw new DmException(DmCall.CREATE.ioctl(), name, Errno.EBUSY, "uuid in use");
            int minor = minors.nextClearBit(0);
            minors.set(minor);
            SimMap m = new SimMap(name, u.isEmpty() ? null : u, minor, new DevT(dmMajor, minor), ++diskseq);
            mapsByName.put(name, m);
            if (!u.isEmpty()) mapsByUuid.put(u, m);
            mapsByMinor.put(minor, m);
            // no uevent yet: dm registers the disk (add_disk → bdi and disk add events) at the first table load
            globalEventBump();
            return info(m);
        }
    }

    @Override
    public void remove(String name, boolean deferred) throws DmException {
        beforeCall(DmCall.REMOVE, name);
        synchronized (lock) {
            SimMap m = map(DmCall.REMOVE, name);
            if (faults.takeBusyRemove(name)) throw new DmException(DmCall.REMOVE.ioctl(), name, Errno.EBUSY, "injected: device in use");
            if (m.opens > 0) {
                if (!deferred) throw new DmException(DmCall.REMOVE.ioctl(), name, Errno.EBUSY, "device is open");
                m.deferredRemove = true;
                globalEventBump();
                return;
            }
            destroy(m, true);
        }
    }

    /**
     * Removes a device. dev_remove sends dm's own remove uevent first; a deferred removal (dm_hash_remove_all from
     * the last close) does not, so only del_gendisk's bdi and disk removes go out.
     */
    private void destroy(SimMap m, boolean dmUevent) {
        Set<SimDisk> before = usedDisks(m);
        m.live = null;
        m.inactive = null;
        updateHolders(m, before);
        mapsByName.remove(m.name);
        if (m.uuid != null) mapsByUuid.remove(m.uuid);
        mapsByMinor.remove(m.minor);
        minors.clear(m.minor);
        if (m.diskAdded) { // a device that never had a table was never registered: it leaves silently
            if (dmUevent) emit(blockEvent("remove", m));
            emit(new UeventText("remove", "/devices/virtual/bdi/" + m.devt, "bdi"));
            emit(blockEvent("remove", m));
        }
        globalEventBump();
    }

    @Override
    public void rename(String name, String newName) throws DmException {
        beforeCall(DmCall.RENAME, name);
        checkName(DmCall.RENAME, newName);
        synchronized (lock) {
            SimMap m = map(DmCall.RENAME, name);
            // dm_hash_rename: -EBUSY for a name that already exists
            if (mapsByName.containsKey(newName)) throw new DmException(DmCall.RENAME.ioctl(), name, Errno.EBUSY, "name " + newName + " in use");
            mapsByName.remove(name);
            m.name = newName;
            mapsByName.put(newName, m);
            if (m.diskAdded) emit(blockEvent("change", m));
            globalEventBump();
        }
    }

    @Override
    public DmInfo suspend(String name, boolean noFlush, boolean skipLockfs) throws DmException {
        beforeCall(DmCall.SUSPEND, name);
        synchronized (lock) {
            SimMap m = map(DmCall.SUSPEND, name);
            if (!m.suspended) suspendNow(m, noFlush);
            return info(m);
        }
    }

    private static void suspendNow(SimMap m, boolean noFlush) {
        if (m.live != null && m.live.multipath() != null) m.live.multipath().presuspend(noFlush);
        m.suspended = true;
    }

    @Override
    public DmInfo resume(String name) throws DmException {
        beforeCall(DmCall.RESUME, name);
        synchronized (lock) {
            SimMap m = map(DmCall.RESUME, name);
            boolean swapped = false;
            if (m.inactive != null) {
                if (!m.suspended) suspendNow(m, false); // do_resume suspends before the swap (the old table goes)
                Set<SimDisk> before = usedDisks(m);
                m.live = m.inactive;
                m.inactive = null;
                updateHolders(m, before);
                swapped = true;
                globalEventBump(); // dm_swap_table issues a global event
            }
            if (m.suspended) {
                if (m.live == null) throw new DmException(DmCall.RESUME.ioctl(), name, Errno.EINVAL, "no table to resume");
                MultipathTarget mp = m.live.multipath();
                if (mp != null) mp.resume();
                m.suspended = false;
                emit(blockEvent("change", m));
                // a running udevd answers the change event by probing the new table (blkid reads it): that first I/O
                // picks a path group. Without udev nothing reads a new map (dm disks have no partition scan).
                if (udev && swapped && mp != null) ioLocked(m, mp);
            }
            return info(m);
        }
    }

    @Override
    public DmInfo info(String name) throws DmException {
        beforeCall(DmCall.INFO, name);
        synchronized (lock) {
            return info(map(DmCall.INFO, name));
        }
    }

    @Override
    public DmInfo loadTable(String name, List<DmTarget> targets) throws DmException {
        beforeCall(DmCall.TABLE_LOAD, name);
        synchronized (lock) {
            SimMap m = map(DmCall.TABLE_LOAD, name);
            SimTable t;
            try {
                t = SimTable.build(targets, devt -> openForTable(m, devt), this::dmSize);
            } catch (MultipathTarget.Rejected e) {
                throw new DmException(DmCall.TABLE_LOAD.ioctl(), name, e.errno, e.getMessage());
            }
            if (m.kind != null && t.kind != SimTable.Kind.ANY && m.kind != SimTable.Kind.ANY && t.kind != m.kind) {
                throw new DmException(DmCall.TABLE_LOAD.ioctl(), name, Errno.EINVAL, "can't change device type after initial table load");
            }
            if (m.kind == null || m.kind == SimTable.Kind.ANY) m.kind = t.kind;
            Set<SimDisk> before = usedDisks(m);
            m.inactive = t;
            updateHolders(m, before);
            if (!m.diskAdded) {
                // table_load → dm_setup_md_queue → add_disk: the device appears in sysfs and announces itself
                m.diskAdded = true;
                emit(new UeventText("add", "/devices/virtual/bdi/" + m.devt, "bdi"));
                emit(blockEvent("add", m));
            }
            return info(m);
        }
    }

    /** dm_get_device: a disk this map already holds is reused; a new open of an offline disk fails (sd_open: ENXIO). */
    private SimDisk openForTable(SimMap m, DevT devt) throws MultipathTarget.Rejected {
        SimDisk d = disksByDevt.get(devt);
        if (d == null) return null;
        if (d.state.failsIo() && !d.holders.contains(m.minor)) {
            throw new MultipathTarget.Rejected(Errno.ENXIO, "error getting device " + devt + " (" + d.name + " is " + d.state.sysfs() + ")");
        }
        return d;
    }

    private Long dmSize(DevT devt) {
        if (devt.major() != dmMajor) return null;
        SimMap m = mapsByMinor.get(devt.minor());
        return m == null ? null : m.live == null ? 0L : m.live.sizeSectors();
    }

    @Override
    public void clearTable(String name) throws DmException {
        beforeCall(DmCall.TABLE_CLEAR, name);
        synchronized (lock) {
            SimMap m = map(DmCall.TABLE_CLEAR, name);
            Set<SimDisk> before = usedDisks(m);
            m.inactive = null;
            updateHolders(m, before);
        }
    }

    @Override
    public List<DmTarget> table(String name) throws DmException {
        beforeCall(DmCall.TABLE, name);
        synchronized (lock) {
            SimMap m = map(DmCall.TABLE, name);
            return m.live == null ? List.of() : m.live.table();
        }
    }

    @Override
    public List<DmTarget> status(String name) throws DmException {
        beforeCall(DmCall.STATUS, name);
        synchronized (lock) {
            SimMap m = map(DmCall.STATUS, name);
            return m.live == null ? List.of() : m.live.status();
        }
    }

    @Override
    public List<DevT> deps(String name) throws DmException {
        beforeCall(DmCall.DEPS, name);
        synchronized (lock) {
            SimMap m = map(DmCall.DEPS, name);
            return m.live == null ? List.of() : m.live.deps();
        }
    }

    @Override
    public Map<String, DmVersion> targetVersions() throws DmException {
        beforeCall(DmCall.TARGET_VERSIONS, null);
        return new TreeMap<>(TARGET_VERSIONS);
    }

    @Override
    public String message(String name, long sector, String message) throws DmException {
        beforeCall(DmCall.MESSAGE, name);
        synchronized (lock) {
            SimMap m = map(DmCall.MESSAGE, name);
            if (m.live == null) throw new DmException(DmCall.MESSAGE.ioctl(), name, Errno.EINVAL, "no live table");
            SimTable.Line target = null;
            for (SimTable.Line l : m.live.lines) {
                if (sector >= l.start() && sector < l.start() + l.length()) target = l;
            }
            if (target == null) throw new DmException(DmCall.MESSAGE.ioctl(), name, Errno.EINVAL, "target message sector outside device");
            if (target.multipath() == null) throw new DmException(DmCall.MESSAGE.ioctl(), name, Errno.EINVAL, "target type does not support messages");
            if (m.suspended) throw new DmException(DmCall.MESSAGE.ioctl(), name, Errno.EBUSY, "device is suspended");
            boolean[] triggered = new boolean[1];
            List<MultipathTarget.PathEvent> events;
            try {
                events = target.multipath().message(message == null ? "" : message, triggered);
            } catch (MultipathTarget.Rejected e) {
                throw new DmException(DmCall.MESSAGE.ioctl(), name, e.errno, e.getMessage());
            }
            targetEvents(m, events, triggered[0]);
            return "";
        }
    }

    /** Path uevents then the dm event, as event_callback sends queued uevents before bumping event_nr. */
    private void targetEvents(SimMap m, List<MultipathTarget.PathEvent> events, boolean triggered) {
        for (MultipathTarget.PathEvent ev : events) {
            emit(pathUevent(m, ev));
            deviceEventBump(m);
        }
        if (events.isEmpty() && triggered) deviceEventBump(m);
    }

    @Override
    public DmEventChannel openEventChannel() throws DmException {
        beforeCall(DmCall.OPEN_EVENT_CHANNEL, null);
        SimEventChannel c = new SimEventChannel(this, globalEvent);
        channels.add(c);
        return c;
    }

    void channelClosed(SimEventChannel c) {
        channels.remove(c);
    }

    // ------------------------------------------------------------------------------------------------ UeventSource

    @Override
    public ReadyWatch watch(Context context, Runnable onReady) {
        return defaultSource.watch(context, onReady);
    }

    @Override
    public int drain(Consumer<RawUevent> sink, int max) throws UeventOverflowException {
        return defaultSource.drain(sink, max);
    }

    /** Closes the default uevent listener; the kernel's other state stays usable. */
    @Override
    public void close() {
        defaultSource.close();
    }

    /** Opens another uevent listener (its own socket and queue) that receives every uevent from now on. */
    public UeventSource openUeventSource(int capacity) {
        SimUeventSource[] self = new SimUeventSource[1];
        self[0] = new SimUeventSource(capacity, () -> sources.remove(self[0]));
        sources.add(self[0]);
        return self[0];
    }

    /**
     * Opens a listener on udev's multicast group (2): every uevent re-broadcast by udevd in libudev's format, with
     * udev's properties added. Receives nothing when the topology says udev does not run.
     */
    public UeventSource openUdevSource(int capacity) {
        SimUeventSource[] self = new SimUeventSource[1];
        self[0] = new SimUeventSource(capacity, () -> udevSources.remove(self[0]));
        udevSources.add(self[0]);
        return self[0];
    }

    /** Datagrams waiting in the default listener's queue. */
    public int queuedUevents() {
        return defaultSource.queued();
    }

    // ------------------------------------------------------------------------------------------------ Sysfs

    @Override
    public Optional<String> read(String path) throws IOException {
        return sysfs.read(path);
    }

    @Override
    public Optional<byte[]> readBytes(String path) throws IOException {
        return sysfs.readBytes(path);
    }

    /** SG_IO to a simulated disk: answered by {@link SimScsi} from the topology (TPGS, RTPG, VPD pages, TUR). */
    @Override
    public ScsiReply execute(String disk, byte[] cdb, int allocationLength, int timeoutMillis) throws IOException {
        synchronized (lock) {
            SimDisk d = disksByName.get(disk);
            if (d == null) throw new java.nio.file.NoSuchFileException("/dev/" + disk);
            if (d.nvme != null) throw new IOException("ENOTTY: no SG_IO on NVMe namespace " + disk);
            return SimScsi.execute(d, cdb, allocationLength);
        }
    }

    /** An NVMe admin command through a namespace path: answered by {@link SimNvme} from the topology. */
    @Override
    public NvmeReply admin(String disk, NvmeCommand cmd) throws IOException {
        synchronized (lock) {
            SimDisk d = nvmeDisk(disk);
            return SimNvme.admin(d, cmd, nvmePaths.get(d.nvme));
        }
    }

    @Override
    public int namespaceId(String disk) throws IOException {
        synchronized (lock) {
            return (int) nvmeDisk(disk).lun.lun;
        }
    }

    /** A direct read of a path's first block takes the path's read latency ({@link #setReadLatency}); no time passes. */
    @Override
    public java.time.Duration timedRead(String disk) throws IOException {
        synchronized (lock) {
            SimDisk d = disksByName.get(disk);
            if (d == null) throw new java.nio.file.NoSuchFileException("/dev/" + disk);
            if (d.failsIo()) throw new IOException("EIO: " + disk + " is " + d.state.sysfs());
            return d.readLatency;
        }
    }

    /** Sets how long a direct read from a path takes (default 100 µs), for the path_latency prioritizer. */
    public void setReadLatency(String name, java.time.Duration latency) {
        if (latency.isNegative()) throw new IllegalArgumentException("negative latency: " + latency);
        synchronized (lock) {
            disk(name).readLatency = latency;
        }
    }

    /** A namespace path that answers: the kernel's ioctl needs a live controller (else ENODEV/EWOULDBLOCK). */
    private SimDisk nvmeDisk(String disk) throws IOException {
        SimDisk d = disksByName.get(disk);
        if (d == null) throw new java.nio.file.NoSuchFileException("/dev/" + disk);
        if (d.nvme == null) throw new IOException("ENOTTY: " + disk + " is no NVMe namespace");
        if (d.state != DiskState.RUNNING) throw new IOException("ENODEV: " + d.nvme.name() + " is " + d.nvmeState());
        return d;
    }

    @Override
    public List<String> list(String dir) throws IOException {
        return sysfs.list(dir);
    }

    @Override
    public Optional<String> readLink(String path) throws IOException {
        return sysfs.readLink(path);
    }

    @Override
    public void write(String path, String value) throws IOException {
        sysfs.write(path, value);
    }

    @Override
    public Optional<Map<String, String>> udevProperties(DevT devt) throws IOException {
        return udevDatabase.properties(devt);
    }

    // ------------------------------------------------------------------------------------------------ the SAN

    /** Adds a LUN with its paths (hot-plug: each path sends its add uevents). Returns the new paths' names. */
    public List<String> addLun(SanTopology.LunSpec spec) throws TopologyException {
        SanTopology.checkWwid("wwid", spec.wwid());
        synchronized (lock) {
            if (luns.containsKey(spec.wwid())) throw new TopologyException("wwid", "LUN " + spec.wwid() + " exists");
            SimLun lun = new SimLun(spec.wwid(), spec.lun(), spec.sizeSectors(), spec.vendor(), spec.product(),
                    spec.revision(), spec.serial(), SanTopology.TPGS_MODES.indexOf(spec.tpgs()), spec.rdac());
            Set<ScsiAddress> fresh = new HashSet<>();
            for (SanTopology.PathSpec p : spec.paths()) {
                checkFreeAddress(address(lun, p));
                if (!fresh.add(address(lun, p))) throw new TopologyException("paths", "SCSI address " + address(lun, p) + " given twice");
            }
            luns.put(lun.wwid, lun);
            List<String> names = new ArrayList<>();
            for (SanTopology.PathSpec p : spec.paths()) names.add(hotplug(lun, p));
            return names;
        }
    }

    /** Adds a path to an existing LUN (hot-plug). Returns the new disk's name. */
    public String addPath(String wwid, SanTopology.PathSpec path) throws TopologyException {
        synchronized (lock) {
            SimLun lun = luns.get(wwid);
            if (lun == null) throw new TopologyException("wwid", "no LUN " + wwid);
            if (!Character.isDigit(wwid.charAt(0))) throw new TopologyException("wwid", wwid + " is an NVMe namespace, not a SCSI LUN");
            checkFreeAddress(address(lun, path));
            return hotplug(lun, path);
        }
    }

    /** Removes a path (like writing 1 to device/delete): remove uevents; a map using it keeps it but I/O to it fails. */
    public void removePath(String name) {
        synchronized (lock) {
            SimDisk d = disk(name);
            detachDisk(d);
        }
    }

    /** Removes a LUN and all its paths. */
    public void removeLun(String wwid) {
        synchronized (lock) {
            SimLun lun = luns.remove(wwid);
            if (lun == null) throw new IllegalArgumentException("no LUN " + wwid);
            for (SimDisk d : List.copyOf(lun.paths)) detachDisk(d);
        }
    }

    /** Removes every path on a SCSI host (an HBA or its link gone). Returns the removed paths' names. */
    public List<String> removeHost(int host) {
        synchronized (lock) {
            List<String> out = new ArrayList<>();
            for (SimDisk d : List.copyOf(disksByName.values())) {
                if (d.nvme == null && d.address.host() == host) {
                    out.add(d.name);
                    detachDisk(d);
                }
            }
            hosts.remove(host);
            return out;
        }
    }

    /** Sets a path's SCSI device state (as writing device/state does; the kernel sends no uevent for it). */
    public void setPathState(String name, DiskState state) {
        synchronized (lock) {
            disk(name).state = state;
        }
    }

    /** Changes a path's ALUA access state; the SCSI device sends a change uevent with SDEV_UA as the kernel does. */
    public void setAlua(String name, String accessState, boolean preferred) {
        if (!SanTopology.ALUA_STATES.contains(accessState)) throw new IllegalArgumentException("not an ALUA state: " + accessState);
        synchronized (lock) {
            SimDisk d = disk(name);
            d.alua = accessState;
            d.preferred = preferred;
            emit(new UeventText("change", d.scsiDevicePath(), "scsi")
                    .put("SDEV_UA", "ASYMMETRIC_ACCESS_STATE_CHANGED")
                    .put("DEVTYPE", "scsi_device").put("DRIVER", "sd").put("MODALIAS", "scsi:t-0x00"));
        }
    }

    /**
     * Changes the ANA state of an NVMe path's ANA group on its controller (every namespace of the group on that
     * controller). The controller sends the asynchronous event notice as a change uevent on itself (nvme_aen_uevent:
     * NVME_AEN, notice type 2, ANA change 3, log page 0x0c); with native multipathing off nothing else happens.
     */
    public void setAna(String name, String anaState) {
        if (!NvmeTopology.ANA_STATES.contains(anaState)) throw new IllegalArgumentException("not an ANA state: " + anaState);
        synchronized (lock) {
            SimDisk d = disk(name);
            if (d.nvme == null) throw new IllegalArgumentException(name + " is no NVMe path");
            for (SimDisk p : nvmePaths.get(d.nvme)) if (p.anaGroup == d.anaGroup) p.ana = anaState;
            emit(new UeventText("change", d.nvme.devpath(), "nvme").put("NVME_AEN", "0x0c0302"));
        }
    }

    /** Resizes a LUN: each path's disk sends a change uevent with RESIZE=1. */
    public void resizeLun(String wwid, long sizeSectors) {
        synchronized (lock) {
            SimLun lun = luns.get(wwid);
            if (lun == null) throw new IllegalArgumentException("no LUN " + wwid);
            lun.sizeSectors = sizeSectors;
            for (SimDisk d : lun.paths) emit(diskEvent("change", d).put("RESIZE", 1));
        }
    }

    /**
     * One path reports another capacity than its LUN (a target port that has not seen a resize yet); no uevent.
     * {@code sizeSectors} 0 reports the LUN's again.
     */
    public void setPathSize(String name, long sizeSectors) {
        synchronized (lock) {
            disk(name).sizeOverride = sizeSectors;
        }
    }

    /** A synthetic change uevent on a path, as {@code udevadm trigger} causes. */
    public void triggerChange(String name) {
        synchronized (lock) {
            emit(diskEvent("change", disk(name)).put("SYNTH_UUID", 0));
        }
    }

    /**
     * I/O through a multipath map: dm-multipath sends it down its current path group; paths whose device fails I/O
     * (offline, transport-offline, deleted) are failed with PATH_FAILED uevents and dm events, and other groups tried.
     */
    public IoResult io(String mapName) {
        synchronized (lock) {
            SimMap m = mapsByName.get(mapName);
            if (m == null) throw new IllegalArgumentException("no map " + mapName);
            if (m.live == null || m.live.multipath() == null) return m.live == null ? IoResult.FAILED : IoResult.COMPLETED;
            if (m.suspended) return IoResult.QUEUED;
            return ioLocked(m, m.live.multipath());
        }
    }

    private IoResult ioLocked(SimMap m, MultipathTarget mp) {
        List<MultipathTarget.PathEvent> events = new ArrayList<>();
        MultipathTarget.IoOutcome r = mp.io(events);
        targetEvents(m, events, false);
        return switch (r) {
            case COMPLETED -> IoResult.COMPLETED;
            case QUEUED -> IoResult.QUEUED;
            case FAILED -> IoResult.FAILED;
        };
    }

    /** Opens a map's block device (a mount, a holder): while open, remove fails with EBUSY. */
    public void openDevice(String mapName) {
        synchronized (lock) {
            SimMap m = mapsByName.get(mapName);
            if (m == null) throw new IllegalArgumentException("no map " + mapName);
            m.opens++;
        }
    }

    /** Closes a map's block device; the last close of a map marked for deferred removal removes it. */
    public void closeDevice(String mapName) {
        synchronized (lock) {
            SimMap m = mapsByName.get(mapName);
            if (m == null) throw new IllegalArgumentException("no map " + mapName);
            if (m.opens == 0) throw new IllegalStateException("map " + mapName + " is not open");
            m.opens--;
            if (m.opens == 0 && m.deferredRemove) destroy(m, false);
        }
    }

    // ------------------------------------------------------------------------------------------------ queries

    public List<PathInfo> paths() {
        synchronized (lock) {
            List<PathInfo> out = new ArrayList<>(disksByName.size());
            for (SimDisk d : disksByName.values()) out.add(pathInfo(d));
            return out;
        }
    }

    public Optional<PathInfo> path(String name) {
        synchronized (lock) {
            SimDisk d = disksByName.get(name);
            return d == null ? Optional.empty() : Optional.of(pathInfo(d));
        }
    }

    /** A path's SCSI device state, empty when there is no such path. */
    public Optional<DiskState> pathState(String name) {
        SimDisk d = disksForCheckers.get(name);
        return d == null ? Optional.empty() : Optional.of(d.state);
    }

    /** Every dm device now, sorted by name. */
    public List<MapSnapshot> snapshot() {
        synchronized (lock) {
            List<MapSnapshot> out = new ArrayList<>(mapsByName.size());
            for (SimMap m : mapsByName.values()) out.add(snapshot(m));
            return out;
        }
    }

    public Optional<MapSnapshot> snapshot(String mapName) {
        synchronized (lock) {
            SimMap m = mapsByName.get(mapName);
            return m == null ? Optional.empty() : Optional.of(snapshot(m));
        }
    }

    private static MapSnapshot snapshot(SimMap m) {
        return new MapSnapshot(m.name, m.uuid, m.devt, m.eventNr, m.opens, m.suspended, m.deferredRemove,
                m.inactive != null, m.live == null ? List.of() : m.live.table(),
                m.live == null ? List.of() : m.live.status());
    }

    // ------------------------------------------------------------------------------------------------ internals

    private PathInfo pathInfo(SimDisk d) {
        List<String> holders = new ArrayList<>();
        for (int minor : d.holders) holders.add("dm-" + minor);
        return new PathInfo(d.name, d.devt, d.lun.wwid, d.address, d.state, d.alua, d.preferred, d.lun.vendor,
                d.lun.product, d.lun.revision, d.lun.sizeSectors, holders);
    }

    private SimDisk disk(String name) {
        SimDisk d = disksByName.get(name);
        if (d == null) throw new IllegalArgumentException("no path " + name);
        return d;
    }

    private SimMap map(DmCall call, String name) throws DmException {
        SimMap m = name == null ? null : mapsByName.get(name);
        if (m == null) throw new DmException(call.ioctl(), name, Errno.ENXIO, "no such device");
        return m;
    }

    private static void checkName(DmCall call, String name) throws DmException {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
                || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME) {
            throw new DmException(call.ioctl(), name, Errno.EINVAL, "invalid device name");
        }
    }

    private DmInfo info(SimMap m) {
        return new DmInfo(m.name, m.uuid, m.devt, m.opens, m.eventNr, m.live == null ? 0 : m.live.lines.size(),
                m.suspended, false, m.live != null, m.inactive != null, m.deferredRemove);
    }

    /** The dm devices (dm-N, sorted) whose live or inactive tables use map {@code m}, as its sysfs holders/ lists them. */
    List<String> stackedOn(SimMap m) {
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (SimMap other : mapsByName.values()) {
            for (SimTable t : new SimTable[]{other.live, other.inactive}) {
                if (t != null && t.lines.stream().anyMatch(l -> l.devices().contains(m.devt))) out.add(other.kernelName());
            }
        }
        return List.copyOf(out);
    }

    /** The disks a map's live and inactive tables use (sysfs holders/slaves links exist from table load on). */
    Set<SimDisk> usedDisks(SimMap m) {
        Set<SimDisk> out = new HashSet<>();
        for (SimTable t : new SimTable[]{m.live, m.inactive}) {
            if (t == null) continue;
            for (SimTable.Line l : t.lines) {
                if (l.multipath() != null) {
                    for (MultipathTarget.Group g : l.multipath().groups) for (MultipathTarget.PgPath p : g.paths) out.add(p.disk);
                } else {
                    for (DevT dev : l.devices()) {
                        SimDisk d = disksByDevt.get(dev);
                        if (d != null) out.add(d);
                    }
                }
            }
        }
        return out;
    }

    private void updateHolders(SimMap m, Set<SimDisk> before) {
        Set<SimDisk> now = usedDisks(m);
        for (SimDisk d : before) {
            if (now.contains(d)) continue;
            d.holders.remove(m.minor);
            // a deleted disk's sd index is free once no table holds the device any more
            if (d.removed && d.holders.isEmpty() && d.nvme == null) diskIndices.clear(d.index);
        }
        for (SimDisk d : now) d.holders.add(m.minor);
    }

    private static ScsiAddress address(SimLun lun, SanTopology.PathSpec p) {
        return new ScsiAddress(p.host(), p.channel(), p.target(), lun.lun);
    }

    private static int compareAddress(ScsiAddress a, ScsiAddress b) {
        int c = Integer.compare(a.host(), b.host());
        if (c == 0) c = Integer.compare(a.channel(), b.channel());
        if (c == 0) c = Integer.compare(a.target(), b.target());
        return c != 0 ? c : Long.compare(a.lun(), b.lun());
    }

    SimDisk diskAt(ScsiAddress a) {
        return disksByAddress.get(a);
    }

    private void checkFreeAddress(ScsiAddress a) throws TopologyException {
        SimDisk d = disksByAddress.get(a);
        if (d != null) throw new TopologyException("paths", "SCSI address " + a + " is taken by " + d.name);
    }

    private SimDisk attachDisk(SimLun lun, SanTopology.PathSpec p) {
        int index = diskIndices.nextClearBit(0);
        diskIndices.set(index);
        SimDisk d = new SimDisk(SimDisk.diskName(index), index, SimDisk.diskDevt(index), address(lun, p), lun,
                ++diskseq, DiskState.fromSysfs(p.state()), p.alua(), p.preferred(), p.targetNodeName(),
                p.transport(), p.tpg());
        lun.paths.add(d);
        disksByName.put(d.name, d);
        disksForCheckers.put(d.name, d);
        disksByDevt.put(d.devt, d);
        disksByAddress.put(d.address, d);
        hosts.add(p.host());
        return d;
    }

    private String hotplug(SimLun lun, SanTopology.PathSpec p) {
        SimDisk d = attachDisk(lun, p);
        emit(new UeventText("add", d.scsiDevicePath(), "scsi").put("DEVTYPE", "scsi_device").put("MODALIAS", "scsi:t-0x00"));
        emit(new UeventText("add", "/devices/virtual/bdi/" + d.devt, "bdi"));
        emit(diskEvent("add", d));
        emit(new UeventText("bind", d.scsiDevicePath(), "scsi").put("DEVTYPE", "scsi_device").put("DRIVER", "sd")
                .put("MODALIAS", "scsi:t-0x00"));
        return d.name;
    }

    private void detachDisk(SimDisk d) {
        disksByName.remove(d.name);
        disksForCheckers.remove(d.name, d);
        disksByDevt.remove(d.devt);
        d.lun.paths.remove(d);
        d.removed = true;
        if (d.nvme != null) {   // a namespace detached from its controller: the disk goes, the controller stays
            nvmePaths.get(d.nvme).remove(d);
            nvmeMinors.clear(d.devt.minor());
            emit(new UeventText("remove", "/devices/virtual/bdi/" + d.devt, "bdi"));
            emit(diskEvent("remove", d));
            return;
        }
        disksByAddress.remove(d.address);
        if (d.holders.isEmpty()) diskIndices.clear(d.index);
        emit(new UeventText("remove", "/devices/virtual/bdi/" + d.devt, "bdi"));
        emit(diskEvent("remove", d));
        emit(new UeventText("unbind", d.scsiDevicePath(), "scsi").put("DEVTYPE", "scsi_device"));
        emit(new UeventText("remove", d.scsiDevicePath(), "scsi").put("DEVTYPE", "scsi_device").put("MODALIAS", "scsi:t-0x00"));
    }

    private static UeventText diskEvent(String action, SimDisk d) {
        return new UeventText(action, d.blockDevpath(), "block").put("MAJOR", d.devt.major()).put("MINOR", d.devt.minor())
                .put("DEVNAME", d.name).put("DEVTYPE", "disk").put("DISKSEQ", d.diskseq);
    }

    private static UeventText blockEvent(String action, SimMap m) {
        return new UeventText(action, m.devpath(), "block").put("MAJOR", m.devt.major()).put("MINOR", m.devt.minor())
                .put("DEVNAME", m.kernelName()).put("DEVTYPE", "disk").put("DISKSEQ", m.diskseq);
    }

    private static UeventText pathUevent(SimMap m, MultipathTarget.PathEvent ev) {
        return new UeventText("change", m.devpath(), "block")
                .put("DM_TARGET", "multipath")
                .put("DM_ACTION", ev.failed() ? "PATH_FAILED" : "PATH_REINSTATED")
                .put("DM_SEQNUM", ++m.ueventSeq)
                .put("DM_PATH", ev.devt())
                .put("DM_NR_VALID_PATHS", ev.validPaths())
                .put("DM_NAME", m.name)
                .put("DM_UUID", m.uuid == null ? "" : m.uuid)
                .put("MAJOR", m.devt.major()).put("MINOR", m.devt.minor())
                .put("DEVNAME", m.kernelName()).put("DEVTYPE", "disk").put("DISKSEQ", m.diskseq);
    }

    /** Sends a uevent to every listener (caller holds the lock, so SEQNUMs go out in order). */
    private void emit(UeventText u) {
        long seq = ++seqnum;
        if (faults.takeDroppedUevent()) return;
        RawUevent raw = new RawUevent(RawUevent.KERNEL_GROUP, 0, 0, u.bytes(seq));
        for (SimUeventSource s : sources) s.offer(raw);
        if (udev && !udevSources.isEmpty()) {
            // udevd runs its rules, then re-broadcasts with its database properties (it does so after the kernel event)
            Map<String, String> props = Map.of();
            boolean block = u.subsystem.equals("block");
            if (block && !u.action.equals("remove")) {
                props = udevDatabase.properties(new DevT(Integer.parseInt(u.get("MAJOR")), Integer.parseInt(u.get("MINOR"))))
                        .orElse(Map.of());
            }
            long usec = clock.nanos() / 1000;
            RawUevent msg = new RawUevent(RawUevent.UDEV_GROUP, UDEVD_PORT, 0, UdevMessage.encode(u, seq, usec, props, block));
            for (SimUeventSource s : udevSources) s.offer(msg);
        }
    }

    private void deviceEventBump(SimMap m) {
        m.eventNr++;
        globalEventBump();
    }

    private void globalEventBump() {
        globalEvent++;
        for (SimEventChannel c : channels) c.poke();
    }
}
