package io.mpathvx.reconciler.exec;

import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.multipath.MultipathSyntaxException;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.reconciler.diff.ObservedMap;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** Reads one map's info, table and status from the kernel. Blocking: workers only. */
public final class MapReader {
    private MapReader() {
    }

    /**
     * The map as the kernel has it, or null when there is no such device or it is not a multipath map
     * (uuid not {@code mpath-...}).
     */
    public static ObservedMap read(DmControl dm, String name) throws DmException {
        DmInfo info;
        try {
            info = dm.info(name);
        } catch (DmException e) {
            if (e.errno() == Errno.ENXIO || e.errno() == Errno.ENODEV || e.errno() == Errno.ENOENT) return null;
            throw e;
        }
        Wwid wwid = Wwid.fromMapUuid(info.uuid());
        if (wwid == null) return null;
        DmTarget target = null;
        MultipathTable table = null;
        MultipathStatus status = null;
        if (info.activeTable()) {
            List<DmTarget> t = dm.table(name);
            if (t.size() == 1 && "multipath".equals(t.get(0).type())) {
                target = t.get(0);
                table = parseTable(target.params());
                List<DmTarget> s = dm.status(name);
                if (s.size() == 1) status = parseStatus(s.get(0).params());
            }
        }
        return new ObservedMap(info.name() == null || info.name().isEmpty() ? name : info.name(), info.uuid(), wwid,
                info, target, table, status);
    }

    /**
     * Every multipath map among {@code all} (the kernel's device list): read in parallel chunks on {@code workers} (no
     * worker waits for another); completes on a worker. A map that vanishes or cannot be read between the list and
     * its read is left out: the next event or resync sees it again.
     */
    public static CompletableFuture<List<ObservedMap>> readAll(DmControl dm, List<DmDevice> all, Executor workers) {
        List<DmDevice> devices = new ArrayList<>();
        for (DmDevice d : all) if (Wwid.fromMapUuid(d.uuid()) != null) devices.add(d);
        int chunks = Math.max(1, Math.min(16, devices.size() / 64));
        List<CompletableFuture<List<ObservedMap>>> parts = new ArrayList<>(chunks);
        for (int c = 0; c < chunks; c++) {
            List<DmDevice> slice = devices.subList(devices.size() * c / chunks, devices.size() * (c + 1) / chunks);
            parts.add(CompletableFuture.supplyAsync(() -> readEach(dm, slice), workers));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<ObservedMap> out = new ArrayList<>(devices.size());
            for (CompletableFuture<List<ObservedMap>> f : parts) out.addAll(f.join());
            return out;
        });
    }

    private static List<ObservedMap> readEach(DmControl dm, List<DmDevice> slice) {
        List<ObservedMap> out = new ArrayList<>(slice.size());
        for (DmDevice d : slice) {
            try {
                ObservedMap m = read(dm, d.name());
                if (m != null) out.add(m);
            } catch (DmException e) {
                // vanished or unreadable between list and read
            }
        }
        return out;
    }

    private static MultipathTable parseTable(String params) {
        try {
            return MultipathTable.parse(params);
        } catch (MultipathSyntaxException e) {
            return null; // unparseable live table: treated as "no usable table", so it gets reloaded
        }
    }

    private static MultipathStatus parseStatus(String params) {
        try {
            return MultipathStatus.parse(params);
        } catch (MultipathSyntaxException e) {
            return null;
        }
    }
}
