package io.mpathvx.core.config;

/**
 * The per-path settings multipathd selects from configuration and device (propsel.c select_checker, select_prio,
 * select_detect_*, select_checker_timeout), each with its origin.
 */
public record PathSelection(Setting<String> checker, Setting<String> prio, Setting<String> prioArgs,
                            Setting<Boolean> detectPrio, Setting<Boolean> detectChecker, Tpgs tpgs, String dhState,
                            Setting<Integer> checkerTimeout) {
}
