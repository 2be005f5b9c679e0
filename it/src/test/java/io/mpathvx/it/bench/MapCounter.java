package io.mpathvx.it.bench;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.dm.LinuxDmControl;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Counts multipath maps (uuid {@code mpath-*}) in the kernel and how many have all their paths, by ioctl (a dmsetup
 * process per poll costs too much under emulation). A map seen complete is not read again during one add storm.
 */
final class MapCounter {
    private final LinuxDmControl dm;
    private final Set<String> complete = new HashSet<>();

    MapCounter(LinuxDmControl dm) {
        this.dm = dm;
    }

    /** Forgets what it saw: call before each storm. */
    void reset() {
        complete.clear();
    }

    int maps() throws DmException {
        return multipathMaps().size();
    }

    /** Maps whose table lists {@code paths} path devices. */
    int mapsWithPaths(int paths) throws DmException {
        List<DmDevice> maps = multipathMaps();
        complete.retainAll(maps.stream().map(DmDevice::name).toList());
        for (DmDevice d : maps) {
            if (complete.contains(d.name())) continue;
            try {
                List<DmTarget> table = dm.table(d.name());
                if (!table.isEmpty() && pathCount(table.get(0).params()) == paths) complete.add(d.name());
            } catch (DmException e) {
                // created but not loaded yet, or removed meanwhile
            }
        }
        return complete.size();
    }

    private List<DmDevice> multipathMaps() throws DmException {
        return dm.listDevices().stream().filter(d -> d.uuid() != null && d.uuid().startsWith("mpath-")).toList();
    }

    static long pathCount(String params) {
        long n = 0;
        for (String word : params.split(" ")) if (word.matches("\\d+:\\d+")) n++;
        return n;
    }
}
