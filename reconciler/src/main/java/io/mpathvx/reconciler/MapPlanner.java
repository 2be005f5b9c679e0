package io.mpathvx.reconciler;

import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.desired.DesiredMap;
import io.mpathvx.reconciler.desired.DesiredMaps;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.MapSize;
import io.mpathvx.reconciler.desired.PathInfo;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.mpathvx.reconciler.diff.DiffOptions;
import io.mpathvx.reconciler.diff.MapDiff;
import io.mpathvx.reconciler.diff.ObservedMap;
import io.mpathvx.reconciler.naming.Binding;
import io.mpathvx.reconciler.naming.Bindings;
import io.mpathvx.reconciler.naming.MapNamer;
import io.mpathvx.reconciler.naming.NameProbe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/** Pure planning for one WWID: desired map (with its name) and the actions to get there. Shared by engine and dry run. */
final class MapPlanner {
    private MapPlanner() {
    }

    /**
     * @param desired  the wanted map, null for none
     * @param actions  what to do, in order
     * @param allocate a new bindings-file entry the name depends on (write it before acting), or null
     * @param bindings the bindings including {@code allocate}
     * @param note     why the WWID has no map, or ""
     */
    record Plan(Wwid wwid, DesiredMap desired, List<MapAction> actions, Binding allocate, Bindings bindings, String note) {
    }

    /**
     * @param previous        the map planned last time, null if none: when the last path is gone, its paths still
     *                        tell which device entry the map's removal settings (flush_on_last_del, deferred_remove)
     *                        come from
     * @param resizeRequested an operator's resize: the size the paths agree on, whatever auto_resize says
     */
    static Plan plan(Wwid wwid, Collection<PathInfo> paths, ObservedMap observed, ReconcilerSettings settings,
                     Bindings bindings, boolean inWwidsFile, NameProbe probe, Predicate<DevT> pathPresent,
                     boolean forceRemove, boolean bindingsReadOnly, DesiredMap previous, boolean resizeRequested) {
        List<PathInfo> usable = new ArrayList<>(paths.size());
        for (PathInfo p : paths) if (!settings.blacklisted(p.path())) usable.add(p);
        Path any = !usable.isEmpty() ? usable.get(0).path() : lastPath(previous);
        MapPolicy policy = settings.select(wwid, settings.forMap(wwid, any), usable);
        DesiredMap desired = null;
        Binding allocate = null;
        String note = "";
        String mismatch;
        if (DesiredMaps.wanted(settings.findMultipaths(), usable.size(), inWwidsFile, observed != null)) {
            if (observed == null && (mismatch = MapSize.mismatch(DesiredMaps.sorted(usable))) != null) {
                note = mismatch; // coalesce_paths' ACT_REJECT: the whole new map is refused
            } else {
                desired = DesiredMaps.build(wwid, usable, policy, observed == null ? 0 : observed.sizeSectors(),
                        resizeRequested ? MapSize.AutoResize.GROW_SHRINK : settings.autoResize(), settings.marginalPathgroups());
                if (desired == null) note = "no path with a usable size";
            }
        } else if (!usable.isEmpty()) {
            // "yes" is how this note has always spelled on (off never gets here: it wants every path).
            FindMultipaths fm = settings.findMultipaths();
            note = "find_multipaths " + (fm == FindMultipaths.ON ? "yes" : fm.toString()) + ": not multipathed yet";
        }
        if (desired != null) {
            MapNamer.Named named = MapNamer.name(wwid.value(), policy.alias(), policy.userFriendlyNames(),
                    observed == null ? null : observed.name(), bindings, settings.aliasPrefix(),
                    bindingsReadOnly, probe);
            desired = desired.withName(named.name());
            if (named.allocate() != null) {
                allocate = named.allocate();
                bindings = bindings.with(allocate.alias(), allocate.wwid());
            }
        }
        List<MapAction> actions = MapDiff.forMap(desired, observed, pathPresent,
                new DiffOptions(forceRemove, policy.deferredRemove(), settings.flushOnLastDel(wwid, any)));
        return new Plan(wwid, desired, actions, allocate, bindings, note);
    }

    private static Path lastPath(DesiredMap previous) {
        if (previous == null) return null;
        for (var g : previous.groups()) if (!g.paths().isEmpty()) return g.paths().get(0).path();
        return null;
    }
}
