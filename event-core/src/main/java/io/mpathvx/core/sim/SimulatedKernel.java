package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.BlockReadPort;
import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmEventChannel;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.DmVersion;
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
import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
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

    final Object lock = new Object();
    private final SimClock clock;
    private final Faults faults;
    private final CallCounts calls = new CallCounts();
    final boolean udev;
    final int dmMajor;

    // the SAN (guarded by lock)
    final TreeMap<String, SimDisk> disksByName = new TreeMap<>();
    final HashMap<DevT, SimDisk> disksByDevt = new HashMap<>();
    final TreeSet<Integer> hosts = new TreeSet<>();
    private long diskseq; // shared by disks and dm devices, as the block layer's

    // device-mapper (guarded by lock)
    final TreeMap<String, SimMap> mapsByName = new TreeMap<>();
    final HashMap<Integer, SimMap> mapsByMinor = new HashMap<>();

    // the parts, each with one job (they reach the state above through this kernel)
    final UeventBroadcast broadcast;
    final SimSan san = new SimSan(this);
    final SimDeviceMapper dm = new SimDeviceMapper(this);
    final DmHolders holders = new DmHolders(this);
    private final SysfsTree sysfs = new SysfsTree(this);
    private final PathCommands commands = new PathCommands(this);
    final UdevDatabase udevDatabase = new UdevDatabase(this);

    public SimulatedKernel(SanTopology topology) {
        this(topology, new SimClock());
    }

    public SimulatedKernel(SanTopology topology, SimClock clock) {
        this.clock = clock;
        this.faults = new Faults(clock);
        this.udev = topology.udev();
        this.dmMajor = topology.dmMajor();
        this.hosts.addAll(topology.hosts());
        this.broadcast = new UeventBroadcast(this, topology.ueventQueueCapacity());
        san.coldPlug(topology);
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
        return dm.dmEvents.globalEventNr();
    }

    // ------------------------------------------------------------------------------------------------ DmControl

    @Override
    public DmVersion version() throws DmException {
        return dm.version();
    }

    @Override
    public List<DmDevice> listDevices() throws DmException {
        return dm.listDevices();
    }

    /** The next disk sequence number (the block layer's diskseq; caller holds the lock). */
    long nextDiskseq() {
        return ++diskseq;
    }

    @Override
    public DmInfo create(String name, String uuid) throws DmException {
        return dm.create(name, uuid);
    }

    @Override
    public void remove(String name, boolean deferred) throws DmException {
        dm.remove(name, deferred);
    }

    @Override
    public void rename(String name, String newName) throws DmException {
        dm.rename(name, newName);
    }

    @Override
    public DmInfo suspend(String name, boolean noFlush, boolean skipLockfs) throws DmException {
        return dm.suspend(name, noFlush, skipLockfs);
    }

    @Override
    public DmInfo resume(String name) throws DmException {
        return dm.resume(name);
    }

    @Override
    public DmInfo info(String name) throws DmException {
        return dm.info(name);
    }

    @Override
    public DmInfo loadTable(String name, List<DmTarget> targets) throws DmException {
        return dm.loadTable(name, targets);
    }

    @Override
    public void clearTable(String name) throws DmException {
        dm.clearTable(name);
    }

    @Override
    public List<DmTarget> table(String name) throws DmException {
        return dm.table(name);
    }

    @Override
    public List<DmTarget> status(String name) throws DmException {
        return dm.status(name);
    }

    @Override
    public List<DevT> deps(String name) throws DmException {
        return dm.deps(name);
    }

    @Override
    public Map<String, DmVersion> targetVersions() throws DmException {
        return dm.targetVersions();
    }

    @Override
    public String message(String name, long sector, String message) throws DmException {
        return dm.message(name, sector, message);
    }

    @Override
    public DmEventChannel openEventChannel() throws DmException {
        return dm.openEventChannel();
    }

    // ------------------------------------------------------------------------------------------------ UeventSource

    @Override
    public ReadyWatch watch(Context context, Runnable onReady) {
        return broadcast.defaultSource().watch(context, onReady);
    }

    @Override
    public int drain(Consumer<RawUevent> sink, int max) throws UeventOverflowException {
        return broadcast.defaultSource().drain(sink, max);
    }

    /** Closes the default uevent listener; the kernel's other state stays usable. */
    @Override
    public void close() {
        broadcast.defaultSource().close();
    }

    /** Opens another uevent listener (its own socket and queue) that receives every uevent from now on. */
    public UeventSource openUeventSource(int capacity) {
        return broadcast.openUeventSource(capacity);
    }

    /**
     * Opens a listener on udev's multicast group (2): every uevent re-broadcast by udevd in libudev's format, with
     * udev's properties added. Receives nothing when the topology says udev does not run.
     */
    public UeventSource openUdevSource(int capacity) {
        return broadcast.openUdevSource(capacity);
    }

    /** Datagrams waiting in the default listener's queue. */
    public int queuedUevents() {
        return broadcast.defaultSource().queued();
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
        return commands.execute(disk, cdb, allocationLength);
    }

    /** An NVMe admin command through a namespace path: answered by {@link SimNvme} from the topology. */
    @Override
    public NvmeReply admin(String disk, NvmeCommand cmd) throws IOException {
        return commands.admin(disk, cmd);
    }

    @Override
    public int namespaceId(String disk) throws IOException {
        return commands.namespaceId(disk);
    }

    /** A direct read of a path's first block takes the path's read latency ({@link #setReadLatency}); no time passes. */
    @Override
    public Duration timedRead(String disk) throws IOException {
        return commands.timedRead(disk);
    }

    /** Sets how long a direct read from a path takes (default 100 µs), for the path_latency prioritizer. */
    public void setReadLatency(String name, Duration latency) {
        commands.setReadLatency(name, latency);
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
        return san.addLun(spec);
    }

    /** Adds a path to an existing LUN (hot-plug). Returns the new disk's name. */
    public String addPath(String wwid, SanTopology.PathSpec path) throws TopologyException {
        return san.addPath(wwid, path);
    }

    /** Removes a path (like writing 1 to device/delete): remove uevents; a map using it keeps it but I/O to it fails. */
    public void removePath(String name) {
        san.removePath(name);
    }

    /** Removes a LUN and all its paths. */
    public void removeLun(String wwid) {
        san.removeLun(wwid);
    }

    /** Removes every path on a SCSI host (an HBA or its link gone). Returns the removed paths' names. */
    public List<String> removeHost(int host) {
        return san.removeHost(host);
    }

    /** Sets a path's SCSI device state (as writing device/state does; the kernel sends no uevent for it). */
    public void setPathState(String name, DiskState state) {
        san.setPathState(name, state);
    }

    /** Changes a path's ALUA access state; the SCSI device sends a change uevent with SDEV_UA as the kernel does. */
    public void setAlua(String name, String accessState, boolean preferred) {
        san.setAlua(name, accessState, preferred);
    }

    /**
     * Changes the ANA state of an NVMe path's ANA group on its controller (every namespace of the group on that
     * controller). The controller sends the asynchronous event notice as a change uevent on itself (nvme_aen_uevent:
     * NVME_AEN, notice type 2, ANA change 3, log page 0x0c); with native multipathing off nothing else happens.
     */
    public void setAna(String name, String anaState) {
        san.setAna(name, anaState);
    }

    /** Resizes a LUN: each path's disk sends a change uevent with RESIZE=1. */
    public void resizeLun(String wwid, long sizeSectors) {
        san.resizeLun(wwid, sizeSectors);
    }

    /**
     * One path reports another capacity than its LUN (a target port that has not seen a resize yet); no uevent.
     * {@code sizeSectors} 0 reports the LUN's again.
     */
    public void setPathSize(String name, long sizeSectors) {
        san.setPathSize(name, sizeSectors);
    }

    /** A synthetic change uevent on a path, as {@code udevadm trigger} causes. */
    public void triggerChange(String name) {
        san.triggerChange(name);
    }

    /**
     * I/O through a multipath map: dm-multipath sends it down its current path group; paths whose device fails I/O
     * (offline, transport-offline, deleted) are failed with PATH_FAILED uevents and dm events, and other groups tried.
     */
    public IoResult io(String mapName) {
        return dm.io(mapName);
    }

    /** Opens a map's block device (a mount, a holder): while open, remove fails with EBUSY. */
    public void openDevice(String mapName) {
        dm.openDevice(mapName);
    }

    /** Closes a map's block device; the last close of a map marked for deferred removal removes it. */
    public void closeDevice(String mapName) {
        dm.closeDevice(mapName);
    }

    // ------------------------------------------------------------------------------------------------ queries

    public List<PathInfo> paths() {
        return san.paths();
    }

    public Optional<PathInfo> path(String name) {
        return san.path(name);
    }

    /** A path's SCSI device state, empty when there is no such path. */
    public Optional<DiskState> pathState(String name) {
        return san.pathState(name);
    }

    /** Every dm device now, sorted by name. */
    public List<MapSnapshot> snapshot() {
        return dm.snapshot();
    }

    public Optional<MapSnapshot> snapshot(String mapName) {
        return dm.snapshot(mapName);
    }
}
