package io.mpathvx.reconciler.exec;

import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.multipath.MultipathSyntaxException;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.reconciler.diff.ObservedMap;

import java.util.List;

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
