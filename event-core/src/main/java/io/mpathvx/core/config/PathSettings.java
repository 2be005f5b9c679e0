package io.mpathvx.core.config;

import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The settings that apply to one path, each with its origin. Resolution order: overrides
 * (for the timeouts: a matching overrides/protocol entry first) > matching device entries (the
 * last match first, per attribute) > defaults > built-in. prio here is the path-level choice;
 * a multipaths entry's prio applies through {@link MapSettings#prio()}. detect_prio and
 * detect_checker are reported, the detection itself happens where the path is probed.
 */
public record PathSettings(
        Setting<String> checker,
        Setting<String> uidAttribute,
        Setting<String> prio,
        Setting<String> prioArgs,
        Setting<Boolean> detectPrio,
        Setting<Boolean> detectChecker,
        Setting<OptionalInt> fastIoFailTmo,
        Setting<OptionalLong> devLossTmo,
        Setting<Integer> pollingInterval,
        Setting<Integer> maxPollingInterval,
        Setting<OptionalInt> configuredCheckerTimeout) {

    /**
     * checker_timeout as multipathd picks it: the defaults section's value, else the device's
     * SCSI command timeout from sysfs when known, else 30 seconds.
     */
    public Setting<Integer> checkerTimeout(OptionalInt sysfsTimeoutSeconds) {
        if (configuredCheckerTimeout.value().isPresent())
            return new Setting<>(configuredCheckerTimeout.value().getAsInt(), configuredCheckerTimeout.origin());
        if (sysfsTimeoutSeconds.isPresent() && sysfsTimeoutSeconds.getAsInt() > 0)
            return new Setting<>(sysfsTimeoutSeconds.getAsInt(), new Origin(Origin.Source.KERNEL_SYSFS, null));
        return new Setting<>(BuiltinDefaults.CHECKER_TIMEOUT, Origin.BUILTIN);
    }
}
