package io.mpathvx.core.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A devices/device entry (built-in or from the config). vendor, product and revision are
 * unanchored POSIX EREs; a null pattern matches anything, and so does a null identity field.
 */
record DeviceEntry(Pattern vendor, Pattern product, Pattern revision, SectionValues values, boolean builtin) {

    /** Mirrors config.c hwe_regmatch; an identity without vendor, product and revision matches nothing. */
    boolean matches(DeviceIdentity id) {
        if (id.vendor() == null && id.product() == null && id.revision() == null) return false;
        return matches(vendor, id.vendor()) && matches(product, id.product()) && matches(revision, id.revision());
    }

    private static boolean matches(Pattern p, String s) {
        return p == null || s == null || p.matcher(s).find();
    }

    /** Mirrors config.c hwe_strmatch: vendor, product and revision written alike (regex text, not meaning). */
    boolean sameText(DeviceEntry other) {
        return Objects.equals(text("vendor"), other.text("vendor"))
                && Objects.equals(text("product"), other.text("product"))
                && Objects.equals(text("revision"), other.text("revision"));
    }

    /** Mirrors config.c merge_hwe: this entry with the keywords it lacks taken from {@code earlier}. */
    DeviceEntry over(DeviceEntry earlier) {
        Map<String, ConfigValue> merged = new LinkedHashMap<>(earlier.values.values());
        merged.putAll(values.values());
        return new DeviceEntry(vendor, product, revision, new SectionValues(merged), builtin);
    }

    private Object text(String keyword) {
        ConfigValue v = values.get(keyword);
        return v == null ? null : v.value();
    }
}
