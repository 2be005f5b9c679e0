package io.mpathvx.core.config;

/**
 * The per-map settings multipathd selects from configuration and the map's paths (propsel.c select_pgpolicy,
 * select_hwhandler, select_features, select_no_path_retry, select_retain_hwhandler), each with its origin.
 * {@code features} is the counted string without queue_if_no_path (no_path_retry carries that) and without
 * retain_attached_hw_handler, as reconcile_features_with_options leaves it. {@code configured} holds the settings
 * that come from the configuration alone (path_selector, failback, rr_weight, ...), with their origins.
 */
public record MapSelection(Setting<PathGroupingPolicy> pathGroupingPolicy, Setting<String> hardwareHandler,
                           Setting<String> features, Setting<NoPathRetry> noPathRetry,
                           Setting<Boolean> retainAttachedHwHandler, Setting<Boolean> detectPgpolicy,
                           Setting<Boolean> detectPgpolicyUseTpg, MapSettings configured) {
}
