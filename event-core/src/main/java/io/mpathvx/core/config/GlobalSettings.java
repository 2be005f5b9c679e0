package io.mpathvx.core.config;

import java.util.OptionalInt;

/**
 * Daemon-wide settings from the defaults section. polling_interval and max_polling_interval are
 * completed as multipathd does: max = 4 * interval when only the interval (or nothing) is set,
 * interval = max / 4 (at least 1) when only the max is set, and the interval is capped at max.
 */
public record GlobalSettings(
        Setting<Integer> verbosity,
        Setting<Integer> pollingInterval,
        Setting<Integer> maxPollingInterval,
        Setting<FindMultipaths> findMultipaths,
        Setting<Boolean> userFriendlyNames,
        Setting<String> aliasPrefix,
        Setting<String> bindingsFile,
        Setting<String> wwidsFile,
        Setting<String> configDir,
        Setting<String> uidAttribute,
        Setting<OptionalInt> checkerTimeout,
        Setting<Boolean> queueWithoutDaemon,
        Setting<Boolean> allowUsbDevices,
        Setting<String> autoResize,
        Setting<Boolean> marginalPathgroups) {
}
