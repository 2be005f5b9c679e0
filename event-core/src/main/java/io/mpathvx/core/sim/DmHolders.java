package io.mpathvx.core.sim;

import io.mpathvx.core.model.DevT;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The holders/slaves links dm tables make (bd_link_disk_holder from table load on): which disks and dm devices a map's
 * live and inactive tables use, kept on each disk as its holders. Callers hold the kernel's lock.
 */
final class DmHolders {
    private final SimulatedKernel k;

    DmHolders(SimulatedKernel kernel) {
        this.k = kernel;
    }

    /** The dm devices (dm-N, sorted) whose live or inactive tables use map {@code m}, as its sysfs holders/ lists them. */
    List<String> stackedOn(SimMap m) {
        TreeSet<String> out = new TreeSet<>();
        for (SimMap other : k.mapsByName.values()) {
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
                        SimDisk d = k.disksByDevt.get(dev);
                        if (d != null) out.add(d);
                    }
                }
            }
        }
        return out;
    }

    /** The holders of {@code m}'s disks after its tables changed; {@code before}: the disks its tables used before. */
    void update(SimMap m, Set<SimDisk> before) {
        Set<SimDisk> now = usedDisks(m);
        for (SimDisk d : before) {
            if (now.contains(d)) continue;
            d.holders.remove(m.minor);
            // a deleted disk's sd index is free once no table holds the device any more
            if (d.removed && d.holders.isEmpty() && d.nvme == null) k.san.freeIndex(d.index);
        }
        for (SimDisk d : now) d.holders.add(m.minor);
    }
}
