package io.mpathvx.reconciler.desired;

import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.config.PathGroupingPolicy;

import java.util.List;
import java.util.Objects;

/**
 * The per-map settings the reconciler needs, resolved for one WWID (multipaths > overrides > devices > defaults).
 * The config module's MapSettings is adapted into this record; keeping the reconciler on its own small record keeps
 * the table builder testable with plain values.
 *
 * @param grouping         path_grouping_policy
 * @param pathSelector     path_selector with its arguments, e.g. {@code service-time 0}
 * @param features         configured feature words without the count (e.g. {@code [pg_init_retries, 50]})
 * @param hwHandler        hardware_handler words without the count (empty: none)
 * @param noPathRetry      no_path_retry
 * @param rrWeightPriorities rr_weight priorities (per-path repeat count multiplied by the priority)
 * @param rrMinIo          rr_min_io_rq, the per-path repeat count
 * @param pgInitRetries    pg_init_retries, null when unset
 * @param retainAttachedHwHandler retain_attached_hw_handler
 * @param queueMode        queue_mode: null (kernel default), "bio", "rq" or "mq"
 * @param prio             prio: const, alua or sysfs
 * @param prioArgs         prio_args (e.g. {@code exclusive_pref_bit})
 * @param alias            alias from the multipaths section, null if none
 * @param userFriendlyNames user_friendly_names
 * @param deferredRemove   deferred_remove
 * @param propertySelector selects a path's checker and prioritizer from what the device tells; null: none
 * @param selection        the map settings as selected from its paths, with origins; null until selected
 */
public record MapPolicy(PathGroupingPolicy grouping, String pathSelector, List<String> features, List<String> hwHandler,
                        NoPathRetry noPathRetry, boolean rrWeightPriorities, int rrMinIo, Integer pgInitRetries,
                        boolean retainAttachedHwHandler, String queueMode, String prio, String prioArgs, String alias,
                        boolean userFriendlyNames, boolean deferredRemove, PathPropertySelector propertySelector,
                        io.mpathvx.core.config.MapSelection selection) {
    public MapPolicy {
        Objects.requireNonNull(grouping, "grouping");
        Objects.requireNonNull(pathSelector, "pathSelector");
        features = List.copyOf(features);
        hwHandler = List.copyOf(hwHandler);
        noPathRetry = noPathRetry == null ? NoPathRetry.UNDEF : noPathRetry;
        if (rrMinIo <= 0) throw new IllegalArgumentException("rr_min_io_rq must be positive: " + rrMinIo);
        prio = prio == null ? "const" : prio;
        prioArgs = prioArgs == null ? "" : prioArgs;
    }

    /** multipathd's built-in defaults (failover, service-time 0, no features, no hwhandler, const prio). */
    public static MapPolicy defaults() {
        return new MapPolicy(PathGroupingPolicy.FAILOVER, "service-time 0", List.of(), List.of(), NoPathRetry.UNDEF,
                false, 1, null, true, null, "const", "", null, false, false, null, null);
    }

    public MapPolicy withGrouping(PathGroupingPolicy g) {
        return new MapPolicy(g, pathSelector, features, hwHandler, noPathRetry, rrWeightPriorities, rrMinIo,
                pgInitRetries, retainAttachedHwHandler, queueMode, prio, prioArgs, alias, userFriendlyNames, deferredRemove,
                propertySelector, selection);
    }

    public MapPolicy withSelector(String selector) {
        return new MapPolicy(grouping, selector, features, hwHandler, noPathRetry, rrWeightPriorities, rrMinIo,
                pgInitRetries, retainAttachedHwHandler, queueMode, prio, prioArgs, alias, userFriendlyNames, deferredRemove,
                propertySelector, selection);
    }

    public MapPolicy withNoPathRetry(NoPathRetry npr) {
        return new MapPolicy(grouping, pathSelector, features, hwHandler, npr, rrWeightPriorities, rrMinIo,
                pgInitRetries, retainAttachedHwHandler, queueMode, prio, prioArgs, alias, userFriendlyNames, deferredRemove,
                propertySelector, selection);
    }

    public MapPolicy withFeatures(List<String> f, List<String> hwh) {
        return new MapPolicy(grouping, pathSelector, f, hwh, noPathRetry, rrWeightPriorities, rrMinIo,
                pgInitRetries, retainAttachedHwHandler, queueMode, prio, prioArgs, alias, userFriendlyNames, deferredRemove,
                propertySelector, selection);
    }

    public MapPolicy withRr(boolean weightPriorities, int minIo) {
        return new MapPolicy(grouping, pathSelector, features, hwHandler, noPathRetry, weightPriorities, minIo,
                pgInitRetries, retainAttachedHwHandler, queueMode, prio, prioArgs, alias, userFriendlyNames, deferredRemove,
                propertySelector, selection);
    }

    public MapPolicy withInit(Integer pgInit, boolean retain, String mode) {
        return new MapPolicy(grouping, pathSelector, features, hwHandler, noPathRetry, rrWeightPriorities, rrMinIo,
                pgInit, retain, mode, prio, prioArgs, alias, userFriendlyNames, deferredRemove,
                propertySelector, selection);
    }

    public MapPolicy withPrio(String p, String args) {
        return new MapPolicy(grouping, pathSelector, features, hwHandler, noPathRetry, rrWeightPriorities, rrMinIo,
                pgInitRetries, retainAttachedHwHandler, queueMode, p, args, alias, userFriendlyNames, deferredRemove,
                propertySelector, selection);
    }

    public MapPolicy withNaming(String a, boolean ufn) {
        return new MapPolicy(grouping, pathSelector, features, hwHandler, noPathRetry, rrWeightPriorities, rrMinIo,
                pgInitRetries, retainAttachedHwHandler, queueMode, prio, prioArgs, a, ufn, deferredRemove,
                propertySelector, selection);
    }

    public MapPolicy withDeferredRemove(boolean d) {
        return new MapPolicy(grouping, pathSelector, features, hwHandler, noPathRetry, rrWeightPriorities, rrMinIo,
                pgInitRetries, retainAttachedHwHandler, queueMode, prio, prioArgs, alias, userFriendlyNames, d, propertySelector, selection);
    }

    public MapPolicy withSelection(PathPropertySelector s, io.mpathvx.core.config.MapSelection sel) {
        return new MapPolicy(grouping, pathSelector, features, hwHandler, noPathRetry, rrWeightPriorities, rrMinIo,
                pgInitRetries, retainAttachedHwHandler, queueMode, prio, prioArgs, alias, userFriendlyNames, deferredRemove,
                s, sel);
    }
}
