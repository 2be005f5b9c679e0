package io.mpathvx.core.config;

import java.util.Map;

/** The keyword values of one section (defaults, overrides, one device, ...), by canonical keyword. */
record SectionValues(Map<String, ConfigValue> values) {
    static final SectionValues EMPTY = new SectionValues(Map.of());

    SectionValues {
        values = Map.copyOf(values);
    }

    ConfigValue get(String keyword) {
        return values.get(keyword);
    }
}
