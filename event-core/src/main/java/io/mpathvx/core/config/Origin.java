package io.mpathvx.core.config;

/**
 * Where a resolved setting came from, so that an admin can see why a value applies.
 * {@link #describe()} reads like multipathd's "(setting: ...)" text, plus file:line when known.
 */
public record Origin(Source source, String where) {
    public enum Source {
        BUILTIN("multipath internal"),
        HWTABLE("storage device configuration, built-in table"),
        DEVICES("storage device configuration, multipath.conf devices section"),
        DEFAULTS("multipath.conf defaults section"),
        OVERRIDES("multipath.conf overrides section"),
        OVERRIDES_PROTOCOL("multipath.conf overrides protocol section"),
        MULTIPATHS("multipath.conf multipaths section"),
        BLACKLIST("multipath.conf blacklist/blacklist_exceptions section"),
        KERNEL_SYSFS("kernel sysfs"),
        DERIVED("derived"),
        // the origins propsel.c gives values it does not take from a config section
        AUTODETECTED("storage device autodetected"),
        TPGS("autodetected from TPGS"),
        KERNEL_DRIVER("retained by kernel driver"),
        KERNEL_IMPLIED("implied in kernel >= 4.3.0"),
        FEATURE("inherited setting from feature 'queue_if_no_path'"),
        FALLBACK_ALUA("emergency fallback - alua failed"),
        FALLBACK_PGPOLICY("emergency fallback - not all paths use alua prio");

        private final String text;

        Source(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public static final Origin BUILTIN = new Origin(Source.BUILTIN, null);

    /** An origin without a file position. */
    public static Origin of(Source source) {
        return new Origin(source, null);
    }

    static Origin at(Source source, String file, int line) {
        return new Origin(source, file + ":" + line);
    }

    public String describe() {
        return "(setting: " + source.text + (where == null ? "" : ", " + where) + ")";
    }

    @Override
    public String toString() {
        return describe();
    }
}
