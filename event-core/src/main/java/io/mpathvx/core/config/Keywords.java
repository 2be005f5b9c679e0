package io.mpathvx.core.config;

import static io.mpathvx.core.config.Scope.DEFAULTS;
import static io.mpathvx.core.config.Scope.DEVICE;
import static io.mpathvx.core.config.Scope.MULTIPATH;
import static io.mpathvx.core.config.Scope.OVERRIDES;
import static io.mpathvx.core.config.Scope.PROTOCOL;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The keyword table: which keyword is allowed in which section (as in multipath-tools 0.14.3's
 * dict.c) and how its value is checked.
 */
final class Keywords {
    // keyword names as written in a config file (synonyms included) -> definition
    private static final Map<String, Keyword> TABLE = new HashMap<>();

    static final Set<String> PROTOCOL_NAMES = Set.of("undef", "ccw", "cciss", "scsi:fcp", "scsi:spi", "scsi:ssa",
            "scsi:sbp", "scsi:srp", "scsi:iscsi", "scsi:sas", "scsi:adt", "scsi:ata", "scsi:usb", "scsi:pcie",
            "scsi:unspec", "nvme:pcie", "nvme:rdma", "nvme:fc", "nvme:tcp", "nvme:loop", "nvme:apple-nvme",
            "nvme:unspec");

    private static final Set<Scope> D = scopes(DEFAULTS);
    private static final Set<Scope> DHOM = scopes(DEFAULTS, DEVICE, OVERRIDES, MULTIPATH);
    private static final Set<Scope> DHO = scopes(DEFAULTS, DEVICE, OVERRIDES);
    private static final Set<Scope> DHOP = scopes(DEFAULTS, DEVICE, OVERRIDES, PROTOCOL);
    private static final Set<Scope> DM = scopes(DEFAULTS, MULTIPATH);
    private static final Set<Scope> H = scopes(DEVICE);
    private static final Set<Scope> M = scopes(MULTIPATH);
    private static final Set<Scope> P = scopes(PROTOCOL);

    static {
        // defaults only
        used("verbosity", ValueType.range(0, 4), D);
        used("polling_interval", ValueType.range(1, Integer.MAX_VALUE), D);
        used("max_polling_interval", ValueType.range(1, Integer.MAX_VALUE), D);
        used("find_multipaths", ValueType.FIND_MULTIPATHS, D);
        used("checker_timeout", ValueType.range(0, Integer.MAX_VALUE), D);
        used("marginal_pathgroups", ValueType.MARGINAL_PATHGROUPS, D);
        // deprecated (compile-time) in multipath-tools 0.14; mpathvx keeps them configurable
        used("bindings_file", ValueType.NON_EMPTY, D);
        used("wwids_file", ValueType.NON_EMPTY, D);
        used("config_dir", ValueType.NON_EMPTY, D);
        // map attributes
        used("path_grouping_policy", ValueType.PATH_GROUPING_POLICY, DHOM);
        used("path_selector", ValueType.NON_EMPTY, DHOM);
        used("features", ValueType.FEATURES, DHOM);
        used("prio", ValueType.NON_EMPTY, DHOM);
        used("prio_args", ValueType.STRING, DHOM);
        used("failback", ValueType.FAILBACK, DHOM);
        used("rr_weight", ValueType.RR_WEIGHT, DHOM);
        used("rr_min_io", ValueType.range(1, Integer.MAX_VALUE), DHOM);
        used("rr_min_io_rq", ValueType.range(1, Integer.MAX_VALUE), DHOM);
        used("no_path_retry", ValueType.NO_PATH_RETRY, DHOM);
        used("flush_on_last_del", ValueType.FLUSH_ON_LAST_DEL, DHOM);
        used("user_friendly_names", ValueType.YES_NO, DHOM);
        used("queue_without_daemon", ValueType.YES_NO, D);
        used("allow_usb_devices", ValueType.YES_NO, D);
        used("auto_resize", ValueType.oneOf(java.util.Set.of("never", "grow_only", "grow_shrink")), D);
        used("deferred_remove", ValueType.YES_NO, DHOM);
        used("alias_prefix", ValueType.NON_EMPTY, DHO);
        used("retain_attached_hw_handler", ValueType.YES_NO, DHO);
        // path attributes
        used("uid_attribute", ValueType.STRING, DHO);
        used("path_checker", ValueType.NON_EMPTY, DHO);
        synonym("checker", "path_checker");
        used("detect_prio", ValueType.YES_NO, DHO);
        used("detect_checker", ValueType.YES_NO, DHO);
        used("fast_io_fail_tmo", ValueType.OFF_OR_SECONDS, DHOP);
        used("dev_loss_tmo", ValueType.DEV_LOSS, DHOP);
        used("eh_deadline", ValueType.OFF_OR_SECONDS, DHOP);
        // device and multipath identities
        used("vendor", ValueType.STRING, H);
        used("product", ValueType.STRING, H);
        used("revision", ValueType.STRING, H);
        used("product_blacklist", ValueType.STRING, H);
        used("hardware_handler", ValueType.NON_EMPTY, H);
        used("wwid", ValueType.NON_BLANK, M);
        used("alias", ValueType.NON_EMPTY, M);
        used("type", ValueType.oneOf(PROTOCOL_NAMES), P);

        // Known to multipathd, accepted and kept, not acted on by mpathvx (yet).
        for (String k : new String[] {"reassign_maps", "multipath_dir", "uid_attrs", "getuid_callout", "max_fds",
                "max_retries", "prkeys_file", "log_checker_err",
                "force_sync", "strict_timing", "partition_delimiter", "uxsock_timeout", "retrigger_tries",
                "retrigger_delay", "missing_uev_wait_timeout", "disable_changed_wwids", "remove_retries",
                "find_multipaths_timeout", "enable_foreign"}) {
            ignored(k, D);
        }
        for (String k : new String[] {"mode", "uid", "gid", "reservation_key"}) ignored(k, DM);
        ignored("pg_timeout", DHOM);
        for (String k : new String[] {"delay_watch_checks", "delay_wait_checks", "san_path_err_threshold",
                "san_path_err_forget_rate", "san_path_err_recovery_time", "marginal_path_err_sample_time",
                "marginal_path_err_rate_threshold", "marginal_path_err_recheck_gap_time",
                "marginal_path_double_failed_time", "skip_kpartx", "purge_disconnected", "max_sectors_kb",
                "ghost_delay"}) {
            ignored(k, DHOM);
        }
        used("detect_pgpolicy", ValueType.YES_NO, DHO);
        used("detect_pgpolicy_use_tpg", ValueType.YES_NO, DHO);
        for (String k : new String[] {"all_tg_pt", "recheck_wwid"}) {
            ignored(k, DHO);
        }
        ignored("vpd_vendor", H);
    }

    private Keywords() {
    }

    /** The definition of {@code name} if it is allowed in {@code scope}, else null. */
    static Keyword find(Scope scope, String name) {
        Keyword k = TABLE.get(name);
        return k != null && k.scopes().contains(scope) ? k : null;
    }

    private static Set<Scope> scopes(Scope first, Scope... rest) {
        return java.util.Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    /** The sections {@code name} is allowed in (empty when it is no keyword at all). */
    static Set<Scope> scopesOf(String name) {
        Keyword k = TABLE.get(name);
        return k == null ? Set.of() : k.scopes();
    }

    private static void used(String name, ValueType type, Set<Scope> scopes) {
        TABLE.put(name, new Keyword(name, type, scopes));
    }

    private static void ignored(String name, Set<Scope> scopes) {
        TABLE.put(name, new Keyword(name, ValueType.STRING, scopes));
    }

    private static void synonym(String alias, String canonical) {
        TABLE.put(alias, TABLE.get(canonical));
    }
}
