package io.mpathvx.core.config;

import java.util.List;

/**
 * The sections a path's or map's setting is looked up in, in multipathd's order (propsel.c mp_set_mpe, mp_set_ovr,
 * mp_set_hwe, mp_set_conf, then the built-in default): the multipaths entries for the WWID (a later one first), the
 * overrides section, the matching device entries (the last match first), the defaults section.
 */
record Layers(List<SectionValues> multipaths, SectionValues overrides, List<SectionValues> devices,
              SectionValues defaults) {

    /** The first value set for {@code keyword}, the multipaths section included or not; else the built-in default. */
    <T> Setting<T> resolve(String keyword, boolean withMultipaths) {
        Setting<T> s = first(keyword, withMultipaths);
        return s != null ? s : builtin(keyword);
    }

    /** The first value set for {@code keyword} in any section, or null. */
    <T> Setting<T> first(String keyword, boolean withMultipaths) {
        if (withMultipaths) {
            Setting<T> s = in(multipaths, keyword);
            if (s != null) return s;
        }
        Setting<T> s = in(List.of(overrides), keyword);
        if (s != null) return s;
        s = in(devices, keyword);
        return s != null ? s : in(List.of(defaults), keyword);
    }

    /** The first value the matching device entries set for {@code keyword}, or null (propsel.c do_set_from_hwe__). */
    <T> Setting<T> fromDevices(String keyword) {
        return in(devices, keyword);
    }

    @SuppressWarnings("unchecked")
    static <T> Setting<T> builtin(String keyword) {
        return new Setting<>((T) BuiltinDefaults.VALUES.get(keyword), Origin.BUILTIN);
    }

    @SuppressWarnings("unchecked")
    static <T> Setting<T> in(List<SectionValues> sections, String keyword) {
        for (SectionValues section : sections) {
            ConfigValue v = section.get(keyword);
            if (v != null) return new Setting<>((T) v.value(), v.origin());
        }
        return null;
    }
}
