package io.mpathvx.core.config;

import java.util.regex.Pattern;

/**
 * A devices/device entry (built-in or from the config). vendor, product and revision are
 * unanchored POSIX EREs; a null pattern matches anything, and so does a null identity field.
 */
record DeviceEntry(Pattern vendor, Pattern product, Pattern revision, SectionValues values, boolean builtin) {

    boolean matches(DeviceIdentity id) {
        if (id.vendor() == null && id.product() == null && id.revision() == null) return false;
        return matches(vendor, id.vendor()) && matches(product, id.product()) && matches(revision, id.revision());
    }

    private static boolean matches(Pattern p, String s) {
        return p == null || s == null || p.matcher(s).find();
    }
}
