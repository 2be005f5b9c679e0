package io.mpathvx.core.config;

/** The sections whose keywords carry settings (blacklist sections have their own fixed keywords). */
enum Scope {
    DEFAULTS("defaults"), DEVICE("devices/device"), OVERRIDES("overrides"), PROTOCOL("overrides/protocol"),
    MULTIPATH("multipaths/multipath");

    private final String sectionName;

    Scope(String sectionName) {
        this.sectionName = sectionName;
    }

    String sectionName() {
        return sectionName;
    }
}
