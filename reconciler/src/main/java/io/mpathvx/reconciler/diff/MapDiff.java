package io.mpathvx.reconciler.diff;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.reconciler.MapAction;
import io.mpathvx.reconciler.desired.DesiredMap;
import io.mpathvx.reconciler.desired.KernelForm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Pure diff of wanted vs kernel state into the actions that make them equal. A map whose table only differs in what
 * the kernel normalises (see {@link KernelForm}) is left alone: no reload, no suspend.
 */
public final class MapDiff {
    private MapDiff() {
    }

    /**
     * Actions for one WWID, in execution order.
     *
     * @param desired     the wanted map, null when the WWID should have none
     * @param observed    the kernel's map, null when there is none
     * @param pathPresent whether a path device still exists (a map is stale when none of its paths does)
     */
    public static List<MapAction> forMap(DesiredMap desired, ObservedMap observed, Predicate<DevT> pathPresent,
                                         DiffOptions options) {
        if (desired == null) return observed == null ? List.of() : removal(observed, pathPresent, options);
        if (observed == null) return List.of(new MapAction.Create(desired.name(), desired.uuid(), desired.target()));
        List<MapAction> out = new ArrayList<>(2);
        String name = observed.name();
        if (!name.equals(desired.name())) {
            out.add(new MapAction.Rename(name, desired.name()));
            name = desired.name();
        }
        if (observed.target() == null || observed.table() == null) {
            out.add(new MapAction.Reload(name, desired.target()));
        } else if (observed.sizeSectors() != desired.sizeSectors()) {
            out.add(new MapAction.Resize(name, desired.target()));
        } else if (!sameTable(desired, observed.table())) {
            out.add(new MapAction.Reload(name, desired.target()));
        }
        return out;
    }

    /** Whether loading the desired table would change nothing the kernel reports. */
    public static boolean sameTable(DesiredMap desired, MultipathTable live) {
        MultipathTable want = KernelForm.of(desired.table());
        MultipathTable have = KernelForm.of(live);
        if (desired.policy().retainAttachedHwHandler() && want.hwHandler().isEmpty()) {
            // with retain on, the kernel reports the handler already attached to the paths; asking for none is no change
            have = new MultipathTable(have.features(), List.of(), 0, have.groups());
        }
        return want.equals(have);
    }

    private static List<MapAction> removal(ObservedMap observed, Predicate<DevT> pathPresent, DiffOptions options) {
        for (DevT d : observed.devices()) if (pathPresent.test(d)) return List.of(); // not stale: keep it
        if (observed.info() != null && observed.info().deferredRemove()) return List.of(); // already on its way out
        if (!observed.open()) return List.of(new MapAction.Remove(observed.name(), false));
        if (options.forceRemove()) return List.of(new MapAction.Remove(observed.name(), false));
        if (options.deferredRemove()) return List.of(new MapAction.Remove(observed.name(), true));
        return List.of(); // open and no deferred_remove: never pull a map from under its user
    }

    /** The whole diff: every desired WWID against the kernel map with its uuid, and every kernel map nobody wants. */
    public static List<MapAction> diff(Collection<DesiredMap> desired, Collection<ObservedMap> observed,
                                       Set<DevT> presentPaths, DiffOptions options) {
        Map<String, ObservedMap> byWwid = new HashMap<>();
        for (ObservedMap o : observed) byWwid.put(o.wwid().value(), o);
        List<MapAction> out = new ArrayList<>();
        for (DesiredMap d : desired) out.addAll(forMap(d, byWwid.remove(d.wwid().value()), presentPaths::contains, options));
        for (ObservedMap o : byWwid.values()) out.addAll(forMap(null, o, presentPaths::contains, options));
        return out;
    }
}
