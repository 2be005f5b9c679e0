package io.mpathvx.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The launcher's parsed arguments: a command word, options with values, flags and verbosity.
 * Unknown options are usage errors, reported with the offending word.
 */
record CommandLine(String command, Map<String, String> options, Set<String> flags, int verbosity, List<String> rest) {

    static final Set<String> VALUE_OPTIONS = Set.of("--sim", "--config", "--api", "--log-level", "--state-dir", "--socket",
            "--api-token-file", "--api-read-group");
    static final Set<String> FLAG_OPTIONS = Set.of("--json", "--help", "--version", "--quiet");

    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    static CommandLine parse(String[] args) throws UsageException {
        String command = null;
        Map<String, String> options = new LinkedHashMap<>();
        java.util.Set<String> flags = new java.util.LinkedHashSet<>();
        List<String> rest = new ArrayList<>();
        int verbosity = 0;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("-h")) a = "--help";
            if (a.matches("-v+")) {
                verbosity += a.length() - 1;
            } else if (a.equals("--verbose")) {
                verbosity++;
            } else if (a.equals("-q") || a.equals("--quiet")) {
                verbosity = -1;
            } else if (a.startsWith("--") && a.contains("=")) {
                String key = a.substring(0, a.indexOf('='));
                if (!VALUE_OPTIONS.contains(key)) throw new UsageException("unknown option " + key);
                options.put(key, a.substring(a.indexOf('=') + 1));
            } else if (VALUE_OPTIONS.contains(a)) {
                if (i + 1 >= args.length) throw new UsageException(a + " needs a value");
                options.put(a, args[++i]);
            } else if (FLAG_OPTIONS.contains(a)) {
                flags.add(a);
            } else if (a.startsWith("-")) {
                throw new UsageException("unknown option " + a);
            } else if (command == null) {
                command = a;
            } else {
                rest.add(a);
            }
        }
        if (options.containsKey("--log-level")) {
            verbosity = switch (options.get("--log-level").toLowerCase()) {
                case "warn", "warning", "error" -> -1;
                case "info" -> 0;
                case "debug" -> 1;
                case "trace" -> 2;
                default -> throw new UsageException("--log-level must be error, warn, info, debug or trace");
            };
        }
        return new CommandLine(command, Map.copyOf(options), Set.copyOf(flags), verbosity, List.copyOf(rest));
    }

    String option(String name) {
        return options.get(name);
    }

    boolean flag(String name) {
        return flags.contains(name);
    }
}
