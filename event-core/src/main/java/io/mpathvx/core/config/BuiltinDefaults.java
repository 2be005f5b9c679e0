package io.mpathvx.core.config;

import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The values used when no section sets a keyword, as in multipath-tools 0.14.3
 * (libmultipath/defaults.h and propsel.c).
 */
final class BuiltinDefaults {
    static final int POLLING_INTERVAL = 5;
    static final int CHECKER_TIMEOUT = 30;   // DEF_TIMEOUT, when neither config nor sysfs give one

    static final Map<String, Object> VALUES = Map.ofEntries(
            Map.entry("verbosity", 2),
            Map.entry("find_multipaths", FindMultipaths.STRICT),
            Map.entry("bindings_file", "/etc/multipath/bindings"),
            Map.entry("wwids_file", "/etc/multipath/wwids"),
            Map.entry("config_dir", "/etc/multipath/conf.d"),
            Map.entry("path_grouping_policy", PathGroupingPolicy.FAILOVER),
            Map.entry("path_selector", "service-time 0"),
            Map.entry("features", "0"),
            Map.entry("hardware_handler", "0"),
            Map.entry("prio", "const"),
            Map.entry("prio_args", ""),
            Map.entry("failback", Failback.MANUAL),
            Map.entry("rr_weight", RrWeight.UNIFORM),
            Map.entry("rr_min_io", 1000),
            Map.entry("rr_min_io_rq", 1),
            Map.entry("no_path_retry", NoPathRetry.UNDEF),
            Map.entry("flush_on_last_del", FlushOnLastDel.UNUSED),
            Map.entry("user_friendly_names", Boolean.FALSE),
            Map.entry("queue_without_daemon", Boolean.FALSE),
            Map.entry("allow_usb_devices", Boolean.FALSE),
            Map.entry("auto_resize", "never"),
            Map.entry("marginal_pathgroups", Boolean.FALSE),
            Map.entry("deferred_remove", Boolean.FALSE),
            Map.entry("alias_prefix", "mpath"),
            Map.entry("retain_attached_hw_handler", Boolean.TRUE),
            Map.entry("uid_attribute", "ID_SERIAL"),
            Map.entry("path_checker", "tur"),
            Map.entry("detect_prio", Boolean.TRUE),
            Map.entry("detect_checker", Boolean.TRUE),
            Map.entry("detect_pgpolicy", Boolean.TRUE),
            Map.entry("detect_pgpolicy_use_tpg", Boolean.FALSE),
            Map.entry("fast_io_fail_tmo", OptionalInt.of(5)),
            Map.entry("dev_loss_tmo", OptionalLong.empty()));   // unset: the kernel's value is kept

    private BuiltinDefaults() {
    }
}
