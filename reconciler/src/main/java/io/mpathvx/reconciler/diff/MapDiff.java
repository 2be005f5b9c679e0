package io.mpathvx.reconciler.diff;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.reconciler.MapAction;
import io.mpathvx.reconciler.desired.DesiredMap;
import io.mpathvx.reconciler.desired.KernelForm;
import io.mpathvx.reconciler.desired.PathGroup;

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

    /**
     * Whether loading the desired table would change nothing that matters. The tables must match after the kernel's
     * normalisation, except for group order: the live order is accepted when it is a valid multipathd order by the
     * groups' path priorities regardless of path states (marginal last, higher average priority first; ties in any
     * order). So a path failing or coming back never causes a reload — the path state machine switches groups — but a
     * priority change that makes the live order wrong does, as in multipathd.
     */
    public static boolean sameTable(DesiredMap desired, MultipathTable live) {
        MultipathTable want = KernelForm.of(desired.table());
        MultipathTable have = KernelForm.of(live);
        if (desired.policy().retainAttachedHwHandler() && want.hwHandler().isEmpty()) {
            // with retain on, the kernel reports the handler already attached to the paths; asking for none is no change
            have = new MultipathTable(have.features(), List.of(), 0, have.groups());
        }
        if (want.equals(have)) return true;
        if (!want.features().equals(have.features()) || !want.hwHandler().equals(have.hwHandler())
                || want.groups().size() != have.groups().size() || desired.groups().size() != want.groups().size()) {
            return false;
        }
        Map<MultipathTable.Group, PathGroup> byGroup = new HashMap<>();
        for (int k = 0; k < want.groups().size(); k++) {
            if (byGroup.put(want.groups().get(k), desired.groups().get(k)) != null) return false; // duplicate group
        }
        PathGroup previous = null;
        for (MultipathTable.Group g : have.groups()) {
            PathGroup mine = byGroup.remove(g);
            if (mine == null) return false; // a group we do not want (other paths, selector or args)
            if (previous != null && STATIC_ORDER.compare(previous, mine) > 0) return false;
            previous = mine;
        }
        return true;
    }

    /** Group order by what does not change when paths fail: marginal last, then average priority of all paths. */
    private static final java.util.Comparator<PathGroup> STATIC_ORDER = java.util.Comparator
            .comparing(PathGroup::marginal)
            .thenComparing(java.util.Comparator.comparingInt(MapDiff::staticPriority).reversed());

    private static int staticPriority(PathGroup g) {
        int sum = 0;
        int n = 0;
        for (var p : g.paths()) {
            if (p.priority() >= 0) {
                sum += p.priority();
                n++;
            }
        }
        return n == 0 ? -1 : sum / n;
    }

    private static List<MapAction> removal(ObservedMap observed, Predicate<DevT> pathPresent, DiffOptions options) {
        for (DevT d : observed.devices()) if (pathPresent.test(d)) return List.of(); // not stale: keep it
        if (observed.info() != null && observed.info().deferredRemove()) return List.of(); // already on its way out
        return LastPathRemoval.actions(observed, options);
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
