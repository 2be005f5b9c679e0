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
        DERIVED("derived");

        private final String text;

        Source(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    public static final Origin BUILTIN = new Origin(Source.BUILTIN, null);

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
