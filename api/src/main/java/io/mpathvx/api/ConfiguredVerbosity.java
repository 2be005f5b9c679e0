package io.mpathvx.api;

import io.mpathvx.core.config.Origin;
import io.mpathvx.core.config.Setting;

import java.util.OptionalInt;

/**
 * multipath.conf's {@code verbosity} as the log level, unless the command line chose one (-v, -q, --log-level), as
 * multipathd's def_verbosity_handler() and its -v option. multipathd's levels map onto ours: 0 and 1 → warnings only,
 * 2 (its default) → info, 3 → debug, 4 and more → trace.
 */
final class ConfiguredVerbosity {
    private ConfiguredVerbosity() {
    }

    /** The verbosity to use ({@link LogSetup#configure} scale), or empty to keep the command line's. */
    static OptionalInt of(CommandLine cl, Setting<Integer> configured) {
        if (cl.verbosity() != 0 || cl.option("--log-level") != null || cl.flag("--quiet")) return OptionalInt.empty();
        if (configured == null || configured.value() == null || configured.origin().source() == Origin.Source.BUILTIN) {
            return OptionalInt.empty();
        }
        int v = configured.value();
        return OptionalInt.of(v <= 1 ? -1 : v == 2 ? 0 : v == 3 ? 1 : 2);
    }
}
