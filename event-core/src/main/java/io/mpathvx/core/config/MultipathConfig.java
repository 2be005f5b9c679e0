package io.mpathvx.core.config;

import io.mpathvx.core.model.Wwid;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A loaded multipath configuration (immutable): resolves the settings of paths and maps with
 * multipathd's precedence and reports where each value came from.
 */
public final class MultipathConfig {
    private static final MultipathConfig DEFAULTS = new ConfigBuilder(new ArrayList<>()).build();

    private final SectionValues defaults;
    private final SectionValues overrides;
    private final List<ProtocolEntry> protocols;
    private final List<DeviceEntry> devices;   // built-in, then the config's in file order (DeviceTable.factorize)
    private final List<MultipathEntry> multipaths;
    private final Blacklist blacklist;
    private final GlobalSettings globals;

    MultipathConfig(SectionValues defaults, SectionValues overrides, List<ProtocolEntry> protocols,
                    List<DeviceEntry> devices, List<MultipathEntry> multipaths, Blacklist blacklist) {
        this.defaults = defaults;
        this.overrides = overrides;
        this.protocols = protocols;
        this.devices = devices;
        this.multipaths = multipaths;
        this.blacklist = blacklist;
        this.globals = computeGlobals();
    }

    /** The configuration with nothing but the built-in defaults, device table and blacklist. */
    public static MultipathConfig defaults() {
        return DEFAULTS;
    }

    public GlobalSettings globals() {
        return globals;
    }

    public Blacklist blacklist() {
        return blacklist;
    }

    /** The WWIDs that have a multipaths entry, in file order (duplicates once). */
    public List<Wwid> configuredWwids() {
        return multipaths.stream().map(m -> Wwid.of(m.wwid())).distinct().toList();
    }

    public PathSettings forPath(DeviceIdentity id) {
        Objects.requireNonNull(id, "id");
        List<SectionValues> layers = new ArrayList<>();
        layers.add(overrides);
        layers.addAll(matchingDevices(id));
        layers.add(defaults);
        List<SectionValues> timeoutLayers = new ArrayList<>();
        for (ProtocolEntry p : protocols) {
            if (p.type().equals(id.protocol() == null ? "undef" : id.protocol())) {
                timeoutLayers.add(p.values());
                break;   // multipathd uses the first protocol entry of the type
            }
        }
        timeoutLayers.addAll(layers);
        return new PathSettings(
                resolve("path_checker", layers),
                resolve("uid_attribute", layers),
                resolve("prio", layers),
                resolve("prio_args", layers),
                resolve("detect_prio", layers),
                resolve("detect_checker", layers),
                resolve("fast_io_fail_tmo", timeoutLayers),
                resolve("dev_loss_tmo", timeoutLayers),
                globals.pollingInterval(),
                globals.maxPollingInterval(),
                globals.checkerTimeout());
    }

    public MapSettings forMap(Wwid wwid, DeviceIdentity id) {
        Objects.requireNonNull(wwid, "wwid");
        Objects.requireNonNull(id, "id");
        List<SectionValues> layers = new ArrayList<>();
        for (int i = multipaths.size() - 1; i >= 0; i--) {   // a later entry for the same WWID wins
            if (multipaths.get(i).wwid().equals(wwid.value())) layers.add(multipaths.get(i).values());
        }
        layers.add(overrides);
        layers.addAll(matchingDevices(id));
        layers.add(defaults);
        return new MapSettings(
                resolve("alias", layers),
                resolve("path_grouping_policy", layers),
                resolve("path_selector", layers),
                resolve("features", layers),
                resolve("hardware_handler", layers),
                resolve("no_path_retry", layers),
                resolve("failback", layers),
                resolve("rr_weight", layers),
                resolve("rr_min_io", layers),
                resolve("rr_min_io_rq", layers),
                resolve("prio", layers),
                resolve("prio_args", layers),
                resolve("retain_attached_hw_handler", layers),
                resolve("user_friendly_names", layers),
                resolve("alias_prefix", layers),
                resolve("flush_on_last_del", layers),
                resolve("deferred_remove", layers));
    }

    /**
     * The settings multipathd selects for one path of {@code wwid} from the configuration and what the device told
     * (detect_prio, detect_checker, the alua fallback): see {@link PathPropsel}.
     */
    public PathSelection selectPath(Wwid wwid, DeviceIdentity id, DeviceFacts facts) {
        return PathPropsel.select(layers(wwid, id), Objects.requireNonNull(facts, "facts"));
    }

    /** The map settings that depend on the paths' selections (pgpolicy, hwhandler, features, no_path_retry). */
    public MapSelection selectMap(Wwid wwid, DeviceIdentity id, List<PathSelection> paths) {
        return MapPropsel.select(layers(wwid, id), List.copyOf(paths), forMap(wwid, id));
    }

    private Layers layers(Wwid wwid, DeviceIdentity id) {
        List<SectionValues> mpe = new ArrayList<>();
        if (wwid != null) {
            for (int i = multipaths.size() - 1; i >= 0; i--) {
                if (multipaths.get(i).wwid().equals(wwid.value())) mpe.add(multipaths.get(i).values());
            }
        }
        return new Layers(mpe, overrides, matchingDevices(Objects.requireNonNull(id, "id")), defaults);
    }

    /**
     * Values of the matching device entries, the last matching entry first. Remembered per identity: matching runs
     * every regex of the hardware table (~140 entries), and a SAN has a handful of identities for thousands of paths.
     */
    private List<SectionValues> matchingDevices(DeviceIdentity id) {
        List<SectionValues> known = matches.get(id);
        if (known != null) return known;
        List<SectionValues> out = new ArrayList<>();
        for (int i = devices.size() - 1; i >= 0; i--) {
            if (devices.get(i).matches(id)) out.add(devices.get(i).values());
        }
        if (matches.size() >= MAX_REMEMBERED_IDENTITIES) matches.clear(); // bounded: identities come from devices
        matches.put(id, List.copyOf(out));
        return out;
    }

    private static final int MAX_REMEMBERED_IDENTITIES = 4096;
    private final java.util.concurrent.ConcurrentHashMap<DeviceIdentity, List<SectionValues>> matches =
            new java.util.concurrent.ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    private static <T> Setting<T> resolve(String keyword, List<SectionValues> layers) {
        for (SectionValues layer : layers) {
            ConfigValue v = layer.get(keyword);
            if (v != null) return new Setting<>((T) v.value(), v.origin());
        }
        return new Setting<>((T) BuiltinDefaults.VALUES.get(keyword), Origin.BUILTIN);
    }

    private GlobalSettings computeGlobals() {
        List<SectionValues> d = List.of(defaults);
        ConfigValue interval = defaults.get("polling_interval");
        ConfigValue max = defaults.get("max_polling_interval");
        Setting<Integer> intervalSetting;
        Setting<Integer> maxSetting;
        if (max == null) {
            intervalSetting = interval == null
                    ? new Setting<>(BuiltinDefaults.POLLING_INTERVAL, Origin.BUILTIN)
                    : new Setting<>((Integer) interval.value(), interval.origin());
            long four = 4L * intervalSetting.value();
            maxSetting = new Setting<>((int) Math.min(four, Integer.MAX_VALUE),
                    new Origin(Origin.Source.DERIVED, "4 * polling_interval"));
        } else {
            maxSetting = new Setting<>((Integer) max.value(), max.origin());
            int m = maxSetting.value();
            if (interval == null) {
                intervalSetting = new Setting<>(m >= 4 ? m / 4 : 1,
                        new Origin(Origin.Source.DERIVED, "max_polling_interval / 4"));
            } else if ((Integer) interval.value() > m) {
                intervalSetting = new Setting<>(m, new Origin(Origin.Source.DERIVED,
                        "polling_interval capped at max_polling_interval, " + max.origin().where()));
            } else {
                intervalSetting = new Setting<>((Integer) interval.value(), interval.origin());
            }
        }
        ConfigValue timeout = defaults.get("checker_timeout");
        Setting<OptionalInt> checkerTimeout = timeout != null && (Integer) timeout.value() > 0
                ? new Setting<>(OptionalInt.of((Integer) timeout.value()), timeout.origin())
                : new Setting<>(OptionalInt.empty(), Origin.BUILTIN);
        return new GlobalSettings(
                resolve("verbosity", d),
                intervalSetting,
                maxSetting,
                resolve("find_multipaths", d),
                resolve("user_friendly_names", d),
                resolve("alias_prefix", d),
                resolve("bindings_file", d),
                resolve("wwids_file", d),
                resolve("config_dir", d),
                resolve("uid_attribute", d),
                checkerTimeout,
                resolve("queue_without_daemon", d),
                resolve("allow_usb_devices", d),
                resolve("auto_resize", d),
                resolve("marginal_pathgroups", d));
    }
}
