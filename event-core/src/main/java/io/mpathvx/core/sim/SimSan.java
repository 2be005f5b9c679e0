package io.mpathvx.core.sim;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.ScsiAddress;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulated SAN as the kernel sees it: SCSI disks and NVMe namespace paths plugged at boot (no uevents),
 * hot-plugged and removed (with the uevents the SCSI and block layers send), and what a target reports on its own
 * (ALUA and ANA changes, a resize). The disks by name and number are the kernel's (sysfs reads them); the LUNs,
 * sd indices, SCSI addresses and NVMe minors are kept here. All guarded by the kernel's lock.
 */
final class SimSan {
    /** blkext: NVMe namespaces have no major of their own. */
    static final int NVME_MAJOR = 259;

    private final SimulatedKernel k;
    // guarded by the kernel's lock
    private final HashMap<ScsiAddress, SimDisk> disksByAddress = new HashMap<>();
    private final BitSet diskIndices = new BitSet();
    /** NVMe namespace paths by controller; their block minors on the extended major. */
    private final Map<SimNvmeCtrl, List<SimDisk>> nvmePaths = new LinkedHashMap<>();
    private final BitSet nvmeMinors = new BitSet();
    private final Map<String, SimLun> luns = new LinkedHashMap<>();
    /** The disks again for {@link #pathState}, read without the lock: checkers ask from the event loop. */
    private final ConcurrentHashMap<String, SimDisk> disksForCheckers = new ConcurrentHashMap<>();

    SimSan(SimulatedKernel kernel) {
        this.k = kernel;
    }

    /** Cold plug: disks present at boot get names in scan order (host, channel, target, lun) and send no uevents. */
    void coldPlug(SanTopology topology) {
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

    /** The namespace paths on an NVMe controller. */
    List<SimDisk> nvmePaths(SimNvmeCtrl ctrl) {
        return nvmePaths.get(ctrl);
    }

    /** A deleted disk's sd index is free again (no table holds it any more). */
    void freeIndex(int index) {
        diskIndices.clear(index);
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
                            new ScsiAddress(ctrl.instance(), ctrl.cntlid(), n + 1, ns.nsid()), lun, k.nextDiskseq(), ctrl,
                            p.anaGroup(), p.ana());
                    lun.paths.add(d);
                    nvmePaths.get(ctrl).add(d);
                    k.disksByName.put(d.name, d);
                    disksForCheckers.put(d.name, d);
                    k.disksByDevt.put(d.devt, d);
                }
            }
        }
    }

    /** Adds a LUN with its paths (hot-plug: each path sends its add uevents). Returns the new paths' names. */
    List<String> addLun(SanTopology.LunSpec spec) throws TopologyException {
        SanTopology.checkWwid("wwid", spec.wwid());
        synchronized (k.lock) {
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
    String addPath(String wwid, SanTopology.PathSpec path) throws TopologyException {
        synchronized (k.lock) {
            SimLun lun = luns.get(wwid);
            if (lun == null) throw new TopologyException("wwid", "no LUN " + wwid);
            if (!Character.isDigit(wwid.charAt(0))) throw new TopologyException("wwid", wwid + " is an NVMe namespace, not a SCSI LUN");
            checkFreeAddress(address(lun, path));
            return hotplug(lun, path);
        }
    }

    /** Removes a path (like writing 1 to device/delete): remove uevents; a map using it keeps it but I/O to it fails. */
    void removePath(String name) {
        synchronized (k.lock) {
            SimDisk d = disk(name);
            detachDisk(d);
        }
    }

    /** Removes a LUN and all its paths. */
    void removeLun(String wwid) {
        synchronized (k.lock) {
            SimLun lun = luns.remove(wwid);
            if (lun == null) throw new IllegalArgumentException("no LUN " + wwid);
            for (SimDisk d : List.copyOf(lun.paths)) detachDisk(d);
        }
    }

    /** Removes every path on a SCSI host (an HBA or its link gone). Returns the removed paths' names. */
    List<String> removeHost(int host) {
        synchronized (k.lock) {
            List<String> out = new ArrayList<>();
            for (SimDisk d : List.copyOf(k.disksByName.values())) {
                if (d.nvme == null && d.address.host() == host) {
                    out.add(d.name);
                    detachDisk(d);
                }
            }
            k.hosts.remove(host);
            return out;
        }
    }

    /** Changes a path's ALUA access state; the SCSI device sends a change uevent with SDEV_UA as the kernel does. */
    void setAlua(String name, String accessState, boolean preferred) {
        if (!SanTopology.ALUA_STATES.contains(accessState)) throw new IllegalArgumentException("not an ALUA state: " + accessState);
        synchronized (k.lock) {
            SimDisk d = disk(name);
            d.alua = accessState;
            d.preferred = preferred;
            k.broadcast.emit(new UeventText("change", d.scsiDevicePath(), "scsi")
                    .put("SDEV_UA", "ASYMMETRIC_ACCESS_STATE_CHANGED")
                    .put("DEVTYPE", "scsi_device").put("DRIVER", "sd").put("MODALIAS", "scsi:t-0x00"));
        }
    }

    /**
     * Changes the ANA state of an NVMe path's ANA group on its controller (every namespace of the group on that
     * controller). The controller sends the asynchronous event notice as a change uevent on itself (nvme_aen_uevent:
     * NVME_AEN, notice type 2, ANA change 3, log page 0x0c); with native multipathing off nothing else happens.
     */
    void setAna(String name, String anaState) {
        if (!NvmeTopology.ANA_STATES.contains(anaState)) throw new IllegalArgumentException("not an ANA state: " + anaState);
        synchronized (k.lock) {
            SimDisk d = disk(name);
            if (d.nvme == null) throw new IllegalArgumentException(name + " is no NVMe path");
            for (SimDisk p : nvmePaths.get(d.nvme)) if (p.anaGroup == d.anaGroup) p.ana = anaState;
            k.broadcast.emit(new UeventText("change", d.nvme.devpath(), "nvme").put("NVME_AEN", "0x0c0302"));
        }
    }

    /** Resizes a LUN: each path's disk sends a change uevent with RESIZE=1. */
    void resizeLun(String wwid, long sizeSectors) {
        synchronized (k.lock) {
            SimLun lun = luns.get(wwid);
            if (lun == null) throw new IllegalArgumentException("no LUN " + wwid);
            lun.sizeSectors = sizeSectors;
            for (SimDisk d : lun.paths) k.broadcast.emit(diskEvent("change", d).put("RESIZE", 1));
        }
    }

    /** A synthetic change uevent on a path, as {@code udevadm trigger} causes. */
    void triggerChange(String name) {
        synchronized (k.lock) {
            k.broadcast.emit(diskEvent("change", disk(name)).put("SYNTH_UUID", 0));
        }
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
                k.nextDiskseq(), DiskState.fromSysfs(p.state()), p.alua(), p.preferred(), p.targetNodeName(),
                p.transport(), p.tpg());
        lun.paths.add(d);
        k.disksByName.put(d.name, d);
        disksForCheckers.put(d.name, d);
        k.disksByDevt.put(d.devt, d);
        disksByAddress.put(d.address, d);
        k.hosts.add(p.host());
        return d;
    }

    private String hotplug(SimLun lun, SanTopology.PathSpec p) {
        SimDisk d = attachDisk(lun, p);
        k.broadcast.emit(new UeventText("add", d.scsiDevicePath(), "scsi").put("DEVTYPE", "scsi_device").put("MODALIAS", "scsi:t-0x00"));
        k.broadcast.emit(new UeventText("add", "/devices/virtual/bdi/" + d.devt, "bdi"));
        k.broadcast.emit(diskEvent("add", d));
        k.broadcast.emit(new UeventText("bind", d.scsiDevicePath(), "scsi").put("DEVTYPE", "scsi_device").put("DRIVER", "sd")
                .put("MODALIAS", "scsi:t-0x00"));
        return d.name;
    }

    private void detachDisk(SimDisk d) {
        k.disksByName.remove(d.name);
        disksForCheckers.remove(d.name, d);
        k.disksByDevt.remove(d.devt);
        d.lun.paths.remove(d);
        d.removed = true;
        if (d.nvme != null) {   // a namespace detached from its controller: the disk goes, the controller stays
            nvmePaths.get(d.nvme).remove(d);
            nvmeMinors.clear(d.devt.minor());
            k.broadcast.emit(new UeventText("remove", "/devices/virtual/bdi/" + d.devt, "bdi"));
            k.broadcast.emit(diskEvent("remove", d));
            return;
        }
        disksByAddress.remove(d.address);
        if (d.holders.isEmpty()) diskIndices.clear(d.index);
        k.broadcast.emit(new UeventText("remove", "/devices/virtual/bdi/" + d.devt, "bdi"));
        k.broadcast.emit(diskEvent("remove", d));
        k.broadcast.emit(new UeventText("unbind", d.scsiDevicePath(), "scsi").put("DEVTYPE", "scsi_device"));
        k.broadcast.emit(new UeventText("remove", d.scsiDevicePath(), "scsi").put("DEVTYPE", "scsi_device").put("MODALIAS", "scsi:t-0x00"));
    }

    private static UeventText diskEvent(String action, SimDisk d) {
        return new UeventText(action, d.blockDevpath(), "block").put("MAJOR", d.devt.major()).put("MINOR", d.devt.minor())
                .put("DEVNAME", d.name).put("DEVTYPE", "disk").put("DISKSEQ", d.diskseq);
    }

    /** See {@link SimulatedKernel#setPathState}. */
    void setPathState(String name, DiskState state) {
        synchronized (k.lock) {
            disk(name).state = state;
        }
    }

    /** See {@link SimulatedKernel#setPathSize}. */
    void setPathSize(String name, long sizeSectors) {
        synchronized (k.lock) {
            disk(name).sizeOverride = sizeSectors;
        }
    }

    /** A path's SCSI device state, empty when there is no such path; without the lock. */
    Optional<DiskState> pathState(String name) {
        SimDisk d = disksForCheckers.get(name);
        return d == null ? Optional.empty() : Optional.of(d.state);
    }

    List<PathInfo> paths() {
        synchronized (k.lock) {
            List<PathInfo> out = new ArrayList<>(k.disksByName.size());
            for (SimDisk d : k.disksByName.values()) out.add(pathInfo(d));
            return out;
        }
    }

    Optional<PathInfo> path(String name) {
        synchronized (k.lock) {
            SimDisk d = k.disksByName.get(name);
            return d == null ? Optional.empty() : Optional.of(pathInfo(d));
        }
    }

    private PathInfo pathInfo(SimDisk d) {
        List<String> heldBy = new ArrayList<>();
        for (int minor : d.holders) heldBy.add("dm-" + minor);
        return new PathInfo(d.name, d.devt, d.lun.wwid, d.address, d.state, d.alua, d.preferred, d.lun.vendor,
                d.lun.product, d.lun.revision, d.lun.sizeSectors, heldBy);
    }

    /** The path named {@code name}; an unknown one is the caller's mistake. */
    SimDisk disk(String name) {
        SimDisk d = k.disksByName.get(name);
        if (d == null) throw new IllegalArgumentException("no path " + name);
        return d;
    }
}
