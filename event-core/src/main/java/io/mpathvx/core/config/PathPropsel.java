package io.mpathvx.core.config;

import java.util.List;

/** Per-path property selection as multipathd does it: mirrors libmultipath/propsel.c of multipath-tools 0.14.3. */
final class PathPropsel {
    static final String RDAC = "rdac";
    static final String TUR = "tur";
    static final String ALUA = "alua";
    static final String SYSFS = "sysfs";
    static final String ANA = "ana";
    static final String CONST = "const";

    private PathPropsel() {
    }

    static PathSelection select(Layers l, DeviceFacts f) {
        Setting<Boolean> detectPrio = l.resolve("detect_prio", false);     // select_detect_prio: no multipaths
        Setting<Boolean> detectChecker = l.resolve("detect_checker", false);
        Setting<String> checker = checker(l, f, detectChecker.value());
        Setting<String>[] prio = prio(l, f, detectPrio.value());
        return new PathSelection(checker, prio[0], prio[1], detectPrio, detectChecker, f.tpgs(), f.dhState(),
                checkerTimeout(l, f));
    }

    /** Mirrors select_checker_timeout(): the defaults section's checker_timeout, else the device's sysfs timeout, else 30. */
    static Setting<Integer> checkerTimeout(Layers l, DeviceFacts f) {
        Setting<Integer> conf = Layers.in(List.of(l.defaults()), "checker_timeout");
        if (conf != null && conf.value() > 0) return conf;
        if (f.sysfsTimeout() > 0) return new Setting<>(f.sysfsTimeout(), Origin.of(Origin.Source.KERNEL_SYSFS));
        return new Setting<>(BuiltinDefaults.CHECKER_TIMEOUT, Origin.BUILTIN);
    }

    /**
     * Mirrors check_rdac(): RDAC firmware shows itself by "vac1" in VPD page 0xC9. Only asked when the device entry
     * names the rdac checker, or names none and the device lists page 0xC9.
     */
    static boolean checkRdac(Layers l, DeviceFacts f) {
        if (f.bus() != DeviceFacts.Bus.SCSI) return false;
        Setting<String> hwe = l.fromDevices("path_checker");
        if (hwe == null && !f.vpdC9Listed()) return false;
        if (hwe != null && !hwe.value().equals(RDAC)) return false;
        return f.rdacVpd();
    }

    /** Mirrors select_checker(): detection first (rdac, then tur for any TPGS device), then the sections. */
    static Setting<String> checker(Layers l, DeviceFacts f, boolean detect) {
        if (detect) {
            if (checkRdac(l, f)) return new Setting<>(RDAC, Origin.of(Origin.Source.AUTODETECTED));
            if (f.tpgs().supported()) return new Setting<>(TUR, Origin.of(Origin.Source.AUTODETECTED));
        }
        return l.resolve("path_checker", false);
    }

    /** Mirrors detect_prio(): ana for NVMe with ANA; sysfs or alua for SCSI unless TPGS is known absent. */
    static String detectPrio(Layers l, DeviceFacts f) {
        return switch (f.bus()) {
            case NVME -> f.nvmeAna() ? ANA : null;
            case SCSI -> {
                if (f.tpgs() == Tpgs.NONE) yield null;   // UNDEF goes on, as upstream's tpgs == TPGS_NONE test does
                yield (f.tpgs() == Tpgs.EXPLICIT || !checkRdac(l, f)) && f.accessStateReadable() ? SYSFS : ALUA;
            }
            case OTHER -> null;
        };
    }

    /**
     * Mirrors select_prio(): detection, then the multipaths entry, overrides (each with the prio_args of the same
     * section), the device entries (prio and prio_args each from the first entry that sets it), defaults, const;
     * alua on a device without TPGS falls back to const.
     */
    @SuppressWarnings("unchecked")
    static Setting<String>[] prio(Layers l, DeviceFacts f, boolean detect) {
        Setting<String> name = null;
        Setting<String> args = null;
        if (detect) {
            String d = detectPrio(l, f);
            if (d != null) {
                name = new Setting<>(d, Origin.of(Origin.Source.AUTODETECTED));
                args = new Setting<>("", name.origin());
            }
        }
        if (name == null) {
            for (List<SectionValues> sections : List.of(l.multipaths(), List.of(l.overrides()))) {
                for (SectionValues s : sections) {
                    if (name == null && s.get("prio") != null) {
                        name = Layers.in(List.of(s), "prio");
                        args = argsOf(s, name.origin());
                    }
                }
            }
        }
        if (name == null) {
            name = l.fromDevices("prio");
            if (name != null) {
                args = l.fromDevices("prio_args");
                if (args == null) args = new Setting<>("", name.origin());
            }
        }
        if (name == null && l.defaults().get("prio") != null) {
            name = Layers.in(List.of(l.defaults()), "prio");
            args = argsOf(l.defaults(), name.origin());
        }
        if (name == null) {
            name = new Setting<>(CONST, Origin.BUILTIN);
            args = new Setting<>("", Origin.BUILTIN);
        }
        if (name.value().equals(ALUA) && f.tpgs() == Tpgs.NONE) {
            Origin fallback = Origin.of(Origin.Source.FALLBACK_ALUA);
            name = new Setting<>(CONST, fallback);
            args = new Setting<>("", fallback);
        }
        return new Setting[]{name, args};
    }

    private static Setting<String> argsOf(SectionValues s, Origin nameOrigin) {
        Setting<String> a = Layers.in(List.of(s), "prio_args");
        return a != null ? a : new Setting<>("", nameOrigin);
    }
}
