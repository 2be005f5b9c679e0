package io.mpathvx.reconciler;

import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.desired.DesiredMap;
import io.mpathvx.reconciler.desired.PathGroup;
import io.mpathvx.reconciler.desired.PathInfo;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.mpathvx.reconciler.diff.ObservedMap;
import io.mpathvx.reconciler.exec.MapReader;
import io.mpathvx.reconciler.naming.Bindings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the reconciler would do, touching nothing: per WWID the action and the exact table, printed like
 * {@code multipath -d} or as JSON. Pure over its inputs; {@link #readKernel} is the one blocking helper for live use.
 */
public final class DryRun {
    private DryRun() {
    }

    /**
     * One WWID's plan.
     *
     * @param action   create, reload, resize, rename, remove, none (already as wanted) or skip (no map wanted)
     * @param actions  the exact actions
     * @param desired  the wanted map (null for remove/skip)
     * @param observed the kernel's map now (null if none)
     * @param note     why a WWID is skipped, or ""
     */
    public record PlannedMap(Wwid wwid, String action, List<MapAction> actions, DesiredMap desired, ObservedMap observed,
                             String note) {
        public String name() {
            return desired != null ? desired.name() : observed != null ? observed.name() : wwid.value();
        }
    }

    /** The plan for every WWID seen in paths or kernel maps, sorted by WWID, with no bindings and no wwids file. */
    public static List<PlannedMap> plan(ReconcilerSettings settings, Collection<PathInfo> paths,
                                        Collection<ObservedMap> observed) {
        return plan(settings, paths, observed, Bindings.empty(), Set.of());
    }

    /** The plan with the bindings file and wwids file contents (nothing is written). */
    public static List<PlannedMap> plan(ReconcilerSettings settings, Collection<PathInfo> paths,
                                        Collection<ObservedMap> observed, Bindings bindings, Set<String> knownWwids) {
        Map<Wwid, List<PathInfo>> byWwid = new TreeMap<>();
        Set<DevT> present = new HashSet<>();
        for (PathInfo p : paths) {
            present.add(p.path().devt());
            if (p.path().wwid() != null) byWwid.computeIfAbsent(p.path().wwid(), k -> new ArrayList<>()).add(p);
        }
        Map<Wwid, ObservedMap> obs = new HashMap<>();
        Map<String, String> wwidByName = new HashMap<>();
        for (ObservedMap o : observed) {
            obs.put(o.wwid(), o);
            byWwid.computeIfAbsent(o.wwid(), k -> new ArrayList<>());
            wwidByName.put(o.name(), o.wwid().value());
        }
        List<PlannedMap> out = new ArrayList<>(byWwid.size());
        Bindings b = bindings;
        for (Map.Entry<Wwid, List<PathInfo>> e : byWwid.entrySet()) {
            Wwid w = e.getKey();
            MapPlanner.Plan plan = MapPlanner.plan(w, e.getValue(), obs.get(w), settings, b,
                    knownWwids.contains(w.value()), wwidByName::get, present::contains, false, settings.bindingsReadOnly(), null, false);
            b = plan.bindings();
            out.add(new PlannedMap(w, actionWord(plan), plan.actions(), plan.desired(), obs.get(w), plan.note()));
        }
        return out;
    }

    private static String actionWord(MapPlanner.Plan plan) {
        if (plan.actions().isEmpty()) return plan.desired() == null ? "skip" : "none";
        MapAction last = plan.actions().get(plan.actions().size() - 1);
        if (last instanceof MapAction.Create) return "create";
        if (last instanceof MapAction.Remove || last instanceof MapAction.FlushNoPaths) return "remove";
        if (last instanceof MapAction.Resize) return "resize";
        if (last instanceof MapAction.Reload) return "reload";
        if (last instanceof MapAction.Rename) return "rename";
        return "update";
    }

    /** Blocking (worker or CLI thread): every multipath map the kernel has now. */
    public static List<ObservedMap> readKernel(DmControl dm) throws DmException {
        List<ObservedMap> out = new ArrayList<>();
        for (DmDevice d : dm.listDevices()) {
            if (Wwid.fromMapUuid(d.uuid()) == null) continue;
            ObservedMap m = MapReader.read(dm, d.name());
            if (m != null) out.add(m);
        }
        return out;
    }

    /** {@code multipath -d} style text; maps that need nothing are left out unless {@code all}. */
    public static String format(List<PlannedMap> plans, boolean all) {
        StringBuilder sb = new StringBuilder();
        for (PlannedMap p : plans) {
            if (!all && (p.action().equals("none") || p.action().equals("skip"))) continue;
            String dm = p.observed() != null && p.observed().info() != null && p.observed().info().devt() != null
                    ? "dm-" + p.observed().info().devt().minor() : "undef";
            sb.append(p.action()).append(": ").append(p.name()).append(" (").append(p.wwid()).append(") ").append(dm);
            DesiredMap d = p.desired();
            if (d != null && !d.groups().isEmpty() && !d.groups().get(0).paths().isEmpty()) {
                var first = d.groups().get(0).paths().get(0).path();
                sb.append(' ').append(first.vendor()).append(',').append(first.product());
            }
            sb.append('\n');
            if (d == null) {
                if (!p.note().isEmpty()) sb.append("  ").append(p.note()).append('\n');
                continue;
            }
            var t = d.table();
            sb.append("size=").append(size(d.sizeSectors()))
                    .append(" features='").append(counted(t.features()))
                    .append("' hwhandler='").append(counted(t.hwHandler())).append("' wp=rw\n");
            for (int g = 0; g < d.groups().size(); g++) {
                boolean lastGroup = g == d.groups().size() - 1;
                PathGroup pg = d.groups().get(g);
                var tg = t.groups().get(g);
                String sel = tg.selector() + " " + tg.selectorArgs().size() + (tg.selectorArgs().isEmpty() ? "" : " " + String.join(" ", tg.selectorArgs()));
                sb.append(lastGroup ? "`-+- " : "|-+- ").append("policy='").append(sel).append("' prio=").append(pg.priority())
                        .append(" status=").append(g + 1 == t.firstGroup() ? "active" : "enabled").append('\n');
                for (int i = 0; i < pg.paths().size(); i++) {
                    var path = pg.paths().get(i).path();
                    sb.append(lastGroup ? "  " : "| ").append(i == pg.paths().size() - 1 ? "`- " : "|- ")
                            .append(path.scsi() == null ? "#:#:#:#" : path.scsi().toString()).append(' ')
                            .append(path.name()).append(' ').append(path.devt()).append(' ')
                            .append(pg.paths().get(i).priority()).append(' ')
                            .append(path.state().name().toLowerCase(Locale.ROOT)).append('\n');
                }
            }
            for (DesiredMap.Refused r : d.refused()) sb.append("refused: ").append(r.path()).append(": ").append(r.reason()).append('\n');
            sb.append("table: 0 ").append(d.sizeSectors()).append(" multipath ").append(t.format()).append('\n');
        }
        return sb.toString();
    }

    /**
     * JSON: {"maps": [{"wwid", "name", "action", "table", "size", "settings", "paths", "refused", "actions": [...],
     * "note"}]}; "settings" and each path's "checker"/"prio" are {"value", "origin"} (see {@link EffectiveSettings}).
     */
    public static JsonObject toJson(List<PlannedMap> plans) {
        JsonArray maps = new JsonArray();
        for (PlannedMap p : plans) {
            JsonObject m = new JsonObject().put("wwid", p.wwid().value()).put("name", p.name()).put("action", p.action());
            if (p.desired() != null) {
                m.put("size", p.desired().sizeSectors()).put("table", p.desired().target().toString());
                JsonArray refused = new JsonArray();
                p.desired().refused().forEach(r -> refused.add(new JsonObject().put("path", r.path()).put("reason", r.reason())));
                m.put("refused", refused);
                m.put("settings", EffectiveSettings.ofMap(p.desired().policy()));
                m.put("paths", EffectiveSettings.ofPaths(p.desired().groups()));
            }
            if (p.observed() != null && p.observed().target() != null) m.put("liveTable", p.observed().target().toString());
            JsonArray actions = new JsonArray();
            p.actions().forEach(a -> actions.add(a.toString()));
            m.put("actions", actions).put("note", p.note());
            maps.add(m);
        }
        return new JsonObject().put("maps", maps);
    }

    private static String counted(List<String> words) {
        return words.isEmpty() ? "0" : words.size() + " " + String.join(" ", words);
    }

    /** multipath's size format: one decimal below 10 units, none above (1.0G, 100G). */
    static String size(long sectors) {
        double v = sectors * 512.0;
        String units = "BKMGTPE";
        int u = 0;
        while (v >= 1024 && u < units.length() - 1) {
            v /= 1024;
            u++;
        }
        return (v < 10 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v)) + units.charAt(u);
    }
}
