package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmEventChannel;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.DmVersion;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.DevT;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The simulated kernel's device-mapper (drivers/md/dm-ioctl.c, dm.c): the ioctls on its maps (create, load, swap on
 * resume, suspend, message, rename, remove), opens and closes of a map's device, and I/O through a map. The links
 * its tables make are in {@link DmHolders}, the event numbers in {@link DmEvents}; the maps themselves are the
 * kernel's (guarded by its lock), shared with sysfs.
 */
final class SimDeviceMapper {
    private static final Map<String, DmVersion> TARGET_VERSIONS = Map.of(
            "multipath", new DmVersion(1, 14, 0),
            "linear", new DmVersion(1, 4, 0),
            "error", new DmVersion(1, 6, 0),
            "zero", new DmVersion(1, 2, 0));
    private static final int MAX_NAME = 127;
    private static final int MAX_UUID = 128;

    private final SimulatedKernel k;
    // guarded by the kernel's lock
    private final HashMap<String, SimMap> mapsByUuid = new HashMap<>();
    private final BitSet minors = new BitSet();
    final DmEvents dmEvents;

    SimDeviceMapper(SimulatedKernel kernel) {
        this.k = kernel;
        this.dmEvents = new DmEvents(kernel);
    }

    /** Every dm call first: counted, then the injected faults for it (which may throw or stall). */
    void beforeCall(DmCall call, String map) throws DmException {
        k.calls().record(call);
        k.faults().before(call, map);
    }

    DmEventChannel openEventChannel() throws DmException {
        beforeCall(DmCall.OPEN_EVENT_CHANNEL, null);
        return dmEvents.openChannel();
    }

    DmVersion version() throws DmException {
        beforeCall(DmCall.VERSION, null);
        return SimulatedKernel.IOCTL_VERSION;
    }

    List<DmDevice> listDevices() throws DmException {
        beforeCall(DmCall.LIST_DEVICES, null);
        return devices();
    }

    Map<String, DmVersion> targetVersions() throws DmException {
        beforeCall(DmCall.TARGET_VERSIONS, null);
        return new TreeMap<>(TARGET_VERSIONS);
    }

    List<DmDevice> devices() {
        synchronized (k.lock) {
            List<DmDevice> out = new ArrayList<>(k.mapsByName.size());
            for (SimMap m : k.mapsByName.values()) out.add(new DmDevice(m.name, m.uuid, m.devt, m.eventNr));
            return out;
        }
    }

    DmInfo create(String name, String uuid) throws DmException {
        beforeCall(DmCall.CREATE, name);
        checkName(DmCall.CREATE, name);
        String u = uuid == null ? "" : uuid;
        if (u.length() > MAX_UUID) throw new DmException(DmCall.CREATE.ioctl(), name, Errno.EINVAL, "uuid too long");
        synchronized (k.lock) {
            // dm_hash_insert answers a taken name or uuid with -EBUSY ("create ioctl ... failed: Device or resource busy")
            if (k.mapsByName.containsKey(name)) throw new DmException(DmCall.CREATE.ioctl(), name, Errno.EBUSY, "name in use");
            if (!u.isEmpty() && mapsByUuid.containsKey(u)) throw new DmException(DmCall.CREATE.ioctl(), name, Errno.EBUSY, "uuid in use");
            int minor = minors.nextClearBit(0);
            minors.set(minor);
            SimMap m = new SimMap(name, u.isEmpty() ? null : u, minor, new DevT(k.dmMajor, minor), k.nextDiskseq());
            k.mapsByName.put(name, m);
            if (!u.isEmpty()) mapsByUuid.put(u, m);
            k.mapsByMinor.put(minor, m);
            // no uevent yet: dm registers the disk (add_disk → bdi and disk add events) at the first table load
            dmEvents.globalEventBump();
            return info(m);
        }
    }

    void remove(String name, boolean deferred) throws DmException {
        beforeCall(DmCall.REMOVE, name);
        synchronized (k.lock) {
            SimMap m = map(DmCall.REMOVE, name);
            if (k.faults().takeBusyRemove(name)) throw new DmException(DmCall.REMOVE.ioctl(), name, Errno.EBUSY, "injected: device in use");
            if (m.opens > 0) {
                if (!deferred) throw new DmException(DmCall.REMOVE.ioctl(), name, Errno.EBUSY, "device is open");
                m.deferredRemove = true;
                dmEvents.globalEventBump();
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
        Set<SimDisk> before = k.holders.usedDisks(m);
        m.live = null;
        m.inactive = null;
        k.holders.update(m, before);
        k.mapsByName.remove(m.name);
        if (m.uuid != null) mapsByUuid.remove(m.uuid);
        k.mapsByMinor.remove(m.minor);
        minors.clear(m.minor);
        if (m.diskAdded) { // a device that never had a table was never registered: it leaves silently
            if (dmUevent) k.broadcast.emit(blockEvent("remove", m));
            k.broadcast.emit(new UeventText("remove", "/devices/virtual/bdi/" + m.devt, "bdi"));
            k.broadcast.emit(blockEvent("remove", m));
        }
        dmEvents.globalEventBump();
    }

    void rename(String name, String newName) throws DmException {
        beforeCall(DmCall.RENAME, name);
        checkName(DmCall.RENAME, newName);
        synchronized (k.lock) {
            SimMap m = map(DmCall.RENAME, name);
            // dm_hash_rename: -EBUSY for a name that already exists
            if (k.mapsByName.containsKey(newName)) throw new DmException(DmCall.RENAME.ioctl(), name, Errno.EBUSY, "name " + newName + " in use");
            k.mapsByName.remove(name);
            m.name = newName;
            k.mapsByName.put(newName, m);
            if (m.diskAdded) k.broadcast.emit(blockEvent("change", m));
            dmEvents.globalEventBump();
        }
    }

    DmInfo suspend(String name, boolean noFlush, boolean skipLockfs) throws DmException {
        beforeCall(DmCall.SUSPEND, name);
        synchronized (k.lock) {
            SimMap m = map(DmCall.SUSPEND, name);
            if (!m.suspended) suspendNow(m, noFlush);
            return info(m);
        }
    }

    private static void suspendNow(SimMap m, boolean noFlush) {
        if (m.live != null && m.live.multipath() != null) m.live.multipath().presuspend(noFlush);
        m.suspended = true;
    }

    DmInfo resume(String name) throws DmException {
        beforeCall(DmCall.RESUME, name);
        synchronized (k.lock) {
            SimMap m = map(DmCall.RESUME, name);
            boolean swapped = false;
            if (m.inactive != null) {
                if (!m.suspended) suspendNow(m, false); // do_resume suspends before the swap (the old table goes)
                Set<SimDisk> before = k.holders.usedDisks(m);
                m.live = m.inactive;
                m.inactive = null;
                k.holders.update(m, before);
                swapped = true;
                dmEvents.globalEventBump(); // dm_swap_table issues a global event
            }
            if (m.suspended) {
                if (m.live == null) throw new DmException(DmCall.RESUME.ioctl(), name, Errno.EINVAL, "no table to resume");
                MultipathTarget mp = m.live.multipath();
                if (mp != null) mp.resume();
                m.suspended = false;
                k.broadcast.emit(blockEvent("change", m));
                // a running udevd answers the change event by probing the new table (blkid reads it): that first I/O
                // picks a path group. Without udev nothing reads a new map (dm disks have no partition scan).
                if (k.udev && swapped && mp != null) ioLocked(m, mp);
            }
            return info(m);
        }
    }

    DmInfo info(String name) throws DmException {
        beforeCall(DmCall.INFO, name);
        synchronized (k.lock) {
            return info(map(DmCall.INFO, name));
        }
    }

    DmInfo loadTable(String name, List<DmTarget> targets) throws DmException {
        beforeCall(DmCall.TABLE_LOAD, name);
        synchronized (k.lock) {
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
            Set<SimDisk> before = k.holders.usedDisks(m);
            m.inactive = t;
            k.holders.update(m, before);
            if (!m.diskAdded) {
                // table_load → dm_setup_md_queue → add_disk: the device appears in sysfs and announces itself
                m.diskAdded = true;
                k.broadcast.emit(new UeventText("add", "/devices/virtual/bdi/" + m.devt, "bdi"));
                k.broadcast.emit(blockEvent("add", m));
            }
            return info(m);
        }
    }

    /** dm_get_device: a disk this map already holds is reused; a new open of an offline disk fails (sd_open: ENXIO). */
    private SimDisk openForTable(SimMap m, DevT devt) throws MultipathTarget.Rejected {
        SimDisk d = k.disksByDevt.get(devt);
        if (d == null) return null;
        if (d.state.failsIo() && !d.holders.contains(m.minor)) {
            throw new MultipathTarget.Rejected(Errno.ENXIO, "error getting device " + devt + " (" + d.name + " is " + d.state.sysfs() + ")");
        }
        return d;
    }

    private Long dmSize(DevT devt) {
        if (devt.major() != k.dmMajor) return null;
        SimMap m = k.mapsByMinor.get(devt.minor());
        return m == null ? null : m.live == null ? 0L : m.live.sizeSectors();
    }

    void clearTable(String name) throws DmException {
        beforeCall(DmCall.TABLE_CLEAR, name);
        synchronized (k.lock) {
            SimMap m = map(DmCall.TABLE_CLEAR, name);
            Set<SimDisk> before = k.holders.usedDisks(m);
            m.inactive = null;
            k.holders.update(m, before);
        }
    }

    List<DmTarget> table(String name) throws DmException {
        beforeCall(DmCall.TABLE, name);
        synchronized (k.lock) {
            SimMap m = map(DmCall.TABLE, name);
            return m.live == null ? List.of() : m.live.table();
        }
    }

    List<DmTarget> status(String name) throws DmException {
        beforeCall(DmCall.STATUS, name);
        synchronized (k.lock) {
            SimMap m = map(DmCall.STATUS, name);
            return m.live == null ? List.of() : m.live.status();
        }
    }

    List<DevT> deps(String name) throws DmException {
        beforeCall(DmCall.DEPS, name);
        synchronized (k.lock) {
            SimMap m = map(DmCall.DEPS, name);
            return m.live == null ? List.of() : m.live.deps();
        }
    }

    String message(String name, long sector, String message) throws DmException {
        beforeCall(DmCall.MESSAGE, name);
        synchronized (k.lock) {
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
            dmEvents.targetEvents(m, events, triggered[0]);
            return "";
        }
    }

    /**
     * I/O through a multipath map: dm-multipath sends it down its current path group; paths whose device fails I/O
     * (offline, transport-offline, deleted) are failed with PATH_FAILED uevents and dm events, and other groups tried.
     */
    IoResult io(String mapName) {
        synchronized (k.lock) {
            SimMap m = k.mapsByName.get(mapName);
            if (m == null) throw new IllegalArgumentException("no map " + mapName);
            if (m.live == null || m.live.multipath() == null) return m.live == null ? IoResult.FAILED : IoResult.COMPLETED;
            if (m.suspended) return IoResult.QUEUED;
            return ioLocked(m, m.live.multipath());
        }
    }

    private IoResult ioLocked(SimMap m, MultipathTarget mp) {
        List<MultipathTarget.PathEvent> events = new ArrayList<>();
        MultipathTarget.IoOutcome r = mp.io(events);
        dmEvents.targetEvents(m, events, false);
        return switch (r) {
            case COMPLETED -> IoResult.COMPLETED;
            case QUEUED -> IoResult.QUEUED;
            case FAILED -> IoResult.FAILED;
        };
    }

    /** Opens a map's block device (a mount, a holder): while open, remove fails with EBUSY. */
    void openDevice(String mapName) {
        synchronized (k.lock) {
            SimMap m = k.mapsByName.get(mapName);
            if (m == null) throw new IllegalArgumentException("no map " + mapName);
            m.opens++;
        }
    }

    /** Closes a map's block device; the last close of a map marked for deferred removal removes it. */
    void closeDevice(String mapName) {
        synchronized (k.lock) {
            SimMap m = k.mapsByName.get(mapName);
            if (m == null) throw new IllegalArgumentException("no map " + mapName);
            if (m.opens == 0) throw new IllegalStateException("map " + mapName + " is not open");
            m.opens--;
            if (m.opens == 0 && m.deferredRemove) destroy(m, false);
        }
    }

    /** Every dm device now, sorted by name. */
    List<MapSnapshot> snapshot() {
        synchronized (k.lock) {
            List<MapSnapshot> out = new ArrayList<>(k.mapsByName.size());
            for (SimMap m : k.mapsByName.values()) out.add(snapshot(m));
            return out;
        }
    }

    Optional<MapSnapshot> snapshot(String mapName) {
        synchronized (k.lock) {
            SimMap m = k.mapsByName.get(mapName);
            return m == null ? Optional.empty() : Optional.of(snapshot(m));
        }
    }

    private static MapSnapshot snapshot(SimMap m) {
        return new MapSnapshot(m.name, m.uuid, m.devt, m.eventNr, m.opens, m.suspended, m.deferredRemove,
                m.inactive != null, m.live == null ? List.of() : m.live.table(),
                m.live == null ? List.of() : m.live.status());
    }

    private SimMap map(DmCall call, String name) throws DmException {
        SimMap m = name == null ? null : k.mapsByName.get(name);
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

    private static UeventText blockEvent(String action, SimMap m) {
        return new UeventText(action, m.devpath(), "block").put("MAJOR", m.devt.major()).put("MINOR", m.devt.minor())
                .put("DEVNAME", m.kernelName()).put("DEVTYPE", "disk").put("DISKSEQ", m.diskseq);
    }

}
