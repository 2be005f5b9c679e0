package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** multipath.conf verbosity sets the log level unless -v/-q/--log-level did (def_verbosity_handler, multipathd -v). */
class ConfiguredVerbosityTest {
    private static OptionalInt level(String conf, String... args) throws Exception {
        var cl = CommandLine.parse(args);
        return ConfiguredVerbosity.of(cl, ConfigLoader.parse(conf, "t.conf").config().globals().verbosity());
    }

    @Test
    void theConfigurationDecidesWhenTheCommandLineDoesNot() throws Exception {
        assertEquals(OptionalInt.of(1), level("defaults {\n verbosity 3\n}\n", "daemon"), "3 = debug");
        assertEquals(OptionalInt.of(-1), level("defaults {\n verbosity 1\n}\n", "daemon"), "1 = warnings");
        assertEquals(OptionalInt.of(0), level("defaults {\n verbosity 2\n}\n", "daemon"));
        assertEquals(OptionalInt.of(2), level("defaults {\n verbosity 4\n}\n", "daemon"));
        assertEquals(OptionalInt.empty(), level("", "daemon"), "not set: the command line's default stays");
    }

    @Test
    void theCommandLineWins() throws Exception {
        String conf = "defaults {\n verbosity 4\n}\n";
        assertEquals(OptionalInt.empty(), level(conf, "daemon", "-v"));
        assertEquals(OptionalInt.empty(), level(conf, "daemon", "-q"));
        assertEquals(OptionalInt.empty(), level(conf, "daemon", "--log-level", "warn"));
    }
}
