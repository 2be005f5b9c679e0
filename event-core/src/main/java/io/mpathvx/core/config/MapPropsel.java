package io.mpathvx.core.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Per-map property selection as multipathd does it: mirrors libmultipath/propsel.c of multipath-tools 0.14.3. */
final class MapPropsel {
    static final String DEFAULT_HWHANDLER = "0";
    static final String ALUA_HWHANDLER = "1 alua";

    private MapPropsel() {
    }

    /** In setup_map()'s order: pgpolicy, no_path_retry, retain_hwhandler, features (may set no_path_retry), hwhandler. */
    static MapSelection select(Layers l, List<PathSelection> paths, MapSettings configured) {
        Setting<Boolean> detect = l.resolve("detect_pgpolicy", false);
        Setting<Boolean> useTpg = l.resolve("detect_pgpolicy_use_tpg", false);
        Setting<PathGroupingPolicy> pgpolicy = pgpolicy(l, paths, detect.value(), useTpg.value());
        Setting<NoPathRetry> npr = l.first("no_path_retry", true);
        if (npr == null) npr = new Setting<>(NoPathRetry.UNDEF, Origin.BUILTIN);
        // select_retain_hwhandler: on by itself since Linux 4.3, which mpathvx requires
        Setting<Boolean> retain = new Setting<>(true, Origin.of(Origin.Source.KERNEL_IMPLIED));
        Setting<String> features = l.resolve("features", true);
        // reconcile_features_with_options: queue_if_no_path becomes no_path_retry queue when that is unset
        List<String> words = uncounted(features.value());
        if (words.contains("queue_if_no_path") && npr.value().kind() == NoPathRetry.Kind.UNDEF) {
            npr = new Setting<>(NoPathRetry.QUEUE, Origin.of(Origin.Source.FEATURE));
        }
        if (words.removeAll(List.of("queue_if_no_path", "retain_attached_hw_handler"))) {
            features = new Setting<>(counted(words), features.origin());
        }
        return new MapSelection(pgpolicy, hwhandler(l, paths, retain.value()), features, npr, retain, detect, useTpg,
                configured);
    }

    /** Mirrors verify_alua_prio(): every path with a prioritizer uses alua or sysfs, and at least one has one. */
    static boolean verifyAluaPrio(List<PathSelection> paths) {
        boolean alua = false;
        for (PathSelection p : paths) {
            String n = p.prio().value();
            if (!n.equals(PathPropsel.ALUA) && !n.equals(PathPropsel.SYSFS)) return false;
            alua = true;
        }
        return alua;
    }

    /** Mirrors select_pgpolicy(), without the command line's -p. */
    static Setting<PathGroupingPolicy> pgpolicy(Layers l, List<PathSelection> paths, boolean detect, boolean useTpg) {
        Setting<PathGroupingPolicy> p;
        if (detect && verifyAluaPrio(paths)) {
            p = new Setting<>(useTpg ? PathGroupingPolicy.GROUP_BY_TPG : PathGroupingPolicy.GROUP_BY_PRIO,
                    Origin.of(Origin.Source.AUTODETECTED));
        } else {
            p = l.resolve("path_grouping_policy", true);
        }
        if (p.value() == PathGroupingPolicy.GROUP_BY_TPG && p.origin().source() != Origin.Source.AUTODETECTED
                && !verifyAluaPrio(paths)) {
            p = new Setting<>(PathGroupingPolicy.FAILOVER, Origin.of(Origin.Source.FALLBACK_PGPOLICY));
        }
        return p;
    }

    /**
     * Mirrors select_hwhandler(): a handler the kernel attached to a path is kept (retain_attached_hw_handler), else
     * the device entries' or defaults' one; then TPGS decides between "0" and "1 alua" when nothing chose otherwise.
     */
    static Setting<String> hwhandler(Layers l, List<PathSelection> paths, boolean retain) {
        boolean allTpgs = true;
        boolean oneTpgs = false;
        for (PathSelection p : paths) {
            allTpgs &= p.tpgs() != Tpgs.NONE;
            oneTpgs |= p.tpgs().supported();
        }
        allTpgs &= oneTpgs;
        Setting<String> h = null;
        if (retain) {
            for (PathSelection p : paths) {
                String dh = p.dhState();
                if (dh != null && !dh.isBlank() && !dh.equals("detached")) {
                    h = new Setting<>("1 " + dh.strip(), Origin.of(Origin.Source.KERNEL_DRIVER));
                    break;
                }
            }
        }
        if (h == null) {
            h = l.fromDevices("hardware_handler");
            if (h == null) h = Layers.in(List.of(l.defaults()), "hardware_handler");
            if (h == null) h = new Setting<>(DEFAULT_HWHANDLER, Origin.BUILTIN);
        }
        String v = String.join(" ", h.value().strip().split("\\s+"));
        if (allTpgs && v.equals(DEFAULT_HWHANDLER) && h.origin().source() == Origin.Source.BUILTIN) {
            return new Setting<>(ALUA_HWHANDLER, Origin.of(Origin.Source.TPGS));
        }
        if (!allTpgs && v.equals(ALUA_HWHANDLER)) return new Setting<>(DEFAULT_HWHANDLER, Origin.of(Origin.Source.TPGS));
        return h;
    }

    /** "2 pg_init_retries 50" → [pg_init_retries, 50]. */
    static List<String> uncounted(String counted) {
        String[] w = counted == null ? new String[0] : counted.strip().split("\\s+");
        return w.length <= 1 ? new ArrayList<>() : new ArrayList<>(Arrays.asList(w).subList(1, w.length));
    }

    static String counted(List<String> words) {
        return words.isEmpty() ? "0" : words.size() + " " + String.join(" ", words);
    }
}
