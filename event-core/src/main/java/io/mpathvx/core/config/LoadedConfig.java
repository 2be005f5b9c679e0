package io.mpathvx.core.config;

import java.util.List;

/** A configuration and the warnings about what in its files was ignored. */
public record LoadedConfig(MultipathConfig config, List<ConfigWarning> warnings) {
    public LoadedConfig {
        warnings = List.copyOf(warnings);
    }
}
