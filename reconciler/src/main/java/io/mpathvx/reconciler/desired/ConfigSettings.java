package io.mpathvx.reconciler.desired;

import io.mpathvx.core.config.DeviceIdentity;
import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.config.MapSettings;
import io.mpathvx.core.config.MultipathConfig;
import io.mpathvx.core.config.MapSelection;
import io.mpathvx.core.config.PathFacts;
import io.mpathvx.core.config.PathSelection;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;

import java.util.Arrays;
import java.util.List;

/**
 * The thin adapter from the parsed multipath.conf ({@link MultipathConfig}) to what the reconciler reads. Notes:
 * group_by_tpg is passed on and grouped like group_by_prio (see PathGrouping); queue_mode and pg_init_retries stay
 * inside the features words, where multipath.conf puts them; the blacklist check here is devnode, vendor/product
 * and wwid only (discovery applies the property and protocol rules, with the real values, before paths get here).
 */
public final class ConfigSettings implements ReconcilerSettings {
    /** Used to resolve settings for a path whose WWID is not known yet (no multipaths entry can match it). */
    private static final Wwid UNKNOWN = Wwid.of("-");

    private final MultipathConfig config;

    public ConfigSettings(MultipathConfig config) {
        this.config = config;
        this.selector = (path, facts) -> config.selectPath(path.wwid() == null ? UNKNOWN : path.wwid(), identity(path),
                facts);
    }

    /** The device identity multipath.conf device entries match on; a WWID with no path left matches defaults only. */
    public static DeviceIdentity identity(Path p) {
        if (p == null) return new DeviceIdentity("", "", "", null);
        return new DeviceIdentity(p.vendor(), p.product(), p.revision(), p.scsi() != null ? "scsi:unspec" : null);
    }

    @Override
    public MapPolicy forMap(Wwid wwid, Path anyPath) {
        MapSettings s = config.forMap(wwid == null ? UNKNOWN : wwid, identity(anyPath));
        Integer minIo = s.rrMinIoRq().value();
        return new MapPolicy(s.pathGroupingPolicy().value(), s.pathSelector().value(), uncounted(s.features().value()),
                uncounted(s.hardwareHandler().value()), s.noPathRetry().value(),
                s.rrWeight().value() == io.mpathvx.core.config.RrWeight.PRIORITIES,
                minIo == null || minIo <= 0 ? 1 : minIo, null,
                !Boolean.FALSE.equals(s.retainAttachedHwHandler().value()), null, s.prio().value(),
                s.prioArgs().value(), s.alias() == null ? null : s.alias().value(),
                Boolean.TRUE.equals(s.userFriendlyNames().value()), Boolean.TRUE.equals(s.deferredRemove().value()),
                selector, null);
    }

    /** One selector per configuration: policies of the same configuration compare equal. */
    private final PathPropertySelector selector;
    /** Equal map selections shared: each holds its resolved settings, and every map keeps its own otherwise. */
    private final Interner<MapSelection> selections = new Interner<>();

    /** Mirrors setup_map()'s path-dependent selections; paths the prober did not select for are left out. */
    @Override
    public MapPolicy select(Wwid wwid, MapPolicy policy, List<PathInfo> paths) {
        List<PathSelection> selected = new java.util.ArrayList<>(paths.size());
        Path any = null;
        for (PathInfo p : paths) {
            if (p.selection() == null) continue;
            selected.add(p.selection());
            if (any == null) any = p.path();
        }
        if (selected.isEmpty()) return policy;
        MapSelection m = selections.intern(config.selectMap(wwid == null ? UNKNOWN : wwid, identity(any), selected));
        return policy.withGrouping(m.pathGroupingPolicy().value())
                .withNoPathRetry(m.noPathRetry().value())
                .withFeatures(uncounted(m.features().value()), uncounted(m.hardwareHandler().value()))
                .withSelection(selector, m);
    }

    /** Mirrors libmultipath/propsel.c select_flush_on_last_del() (multipaths > overrides > devices > defaults). */
    @Override
    public io.mpathvx.core.config.FlushOnLastDel flushOnLastDel(Wwid wwid, Path anyPath) {
        return config.forMap(wwid == null ? UNKNOWN : wwid, identity(anyPath)).flushOnLastDel().value();
    }

    @Override
    public MapSize.AutoResize autoResize() {
        return MapSize.AutoResize.of(config.globals().autoResize().value());
    }

    /** "2 pg_init_retries 50" → [pg_init_retries, 50]; a malformed count keeps all words after it. */
    static List<String> uncounted(String counted) {
        if (counted == null || counted.isBlank()) return List.of();
        List<String> words = UNCOUNTED.get(counted);
        if (words != null) return words;
        String[] w = counted.strip().split("\\s+");
        words = List.copyOf(Arrays.asList(w).subList(1, w.length));
        if (UNCOUNTED.size() >= 1024) UNCOUNTED.clear(); // bounded: a configuration has a handful of distinct strings
        UNCOUNTED.put(counted, words);
        return words;
    }

    /** {@link #uncounted} per distinct string: planning asks for every map's features and hardware handler. */
    private static final java.util.Map<String, List<String>> UNCOUNTED = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public boolean blacklisted(Path path) {
        // property and protocol rules ran in discovery with the real udev properties and protocol (PathFilter)
        var facts = new PathFacts(path.name(), path.wwid() == null ? null : path.wwid().value(), path.vendor(),
                path.product(), null, List.of(), null);
        return config.blacklist().filter(facts).blacklisted();
    }

    @Override
    public FindMultipaths findMultipaths() {
        return config.globals().findMultipaths().value();
    }

    @Override
    public boolean marginalPathgroups() {
        return config.globals().marginalPathgroups().value();
    }

    @Override
    public String aliasPrefix() {
        String p = config.globals().aliasPrefix().value();
        return p == null ? "mpath" : p;
    }
}
