package io.mpathvx.reconciler.desired;

import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.core.multipath.FeatureString;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds the dm-multipath table multipathd would load: {@code <features> <hwhandler> <#groups> <first group>} then
 * per group {@code <selector> <#sel-args> <#paths> 1} and per path {@code <M:m> <repeat>}, where repeat is rr_min_io_rq,
 * times the path's priority when rr_weight is priorities and the priority is positive.
 */
public final class TableAssembler {
    private TableAssembler() {
    }

    /**
     * The feature words for a map: configured features reconciled with no_path_retry, pg_init_retries and queue_mode,
     * with dmevent's {@link FeatureString} (multipath-tools' add/remove/queue_mode rules, conformance-tested there).
     */
    public static List<String> features(MapPolicy policy) {
        String f = counted(policy.features());
        try {
            if (policy.noPathRetry().kind() != NoPathRetry.Kind.UNDEF) {
                // no_path_retry decides queueing; a queue_if_no_path in features is overridden by it
                f = FeatureString.remove(f, "queue_if_no_path");
            }
            if (policy.pgInitRetries() != null && policy.pgInitRetries() > 0 && !policy.features().contains("pg_init_retries")) {
                f = FeatureString.add(f, "pg_init_retries " + policy.pgInitRetries());
            }
        } catch (FeatureString.FeatureStringException e) {
            throw new IllegalArgumentException("features '" + f + "': " + e.getMessage(), e);
        }
        FeatureString.QueueMode mode = policy.queueMode() == null ? FeatureString.QueueMode.UNDEF
                : policy.queueMode().equals("bio") ? FeatureString.QueueMode.BIO : FeatureString.QueueMode.RQ;
        f = FeatureString.reconcileQueueMode(f, mode).features();
        return withQueueing(uncounted(f), policy.noPathRetry());
    }

    private static String counted(List<String> words) {
        return words.isEmpty() ? "0" : words.size() + " " + String.join(" ", words);
    }

    private static List<String> uncounted(String f) {
        String[] w = f.strip().split("\\s+");
        return w.length <= 1 ? List.of() : List.of(w).subList(1, w.length);
    }

    /** The assembly step: queue_if_no_path appended when no_path_retry queues (fail does not remove one). */
    public static List<String> withQueueing(List<String> features, NoPathRetry npr) {
        if (!npr.queues() || features.contains("queue_if_no_path")) return List.copyOf(features);
        List<String> f = new ArrayList<>(features);
        f.add("queue_if_no_path");
        return List.copyOf(f);
    }

    /** Splits {@code "service-time 0"} into name and arguments (the number is the argument count). */
    public static MultipathTable.Group emptyGroup(String pathSelector) {
        String[] w = pathSelector.strip().split("\\s+");
        List<String> args = List.of();
        if (w.length > 1) {
            int n;
            try {
                n = Integer.parseInt(w[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("path_selector argument count is not a number: " + pathSelector);
            }
            if (n != w.length - 2) throw new IllegalArgumentException("path_selector says " + n + " args: " + pathSelector);
            args = Arrays.asList(w).subList(2, w.length);
        }
        return new MultipathTable.Group(w[0], args, List.of());
    }

    /** The table for ordered groups, with {@code features} already reconciled and {@code firstGroup} 1-based. */
    public static MultipathTable assemble(MapPolicy policy, List<String> features, List<PathGroup> groups, int firstGroup) {
        MultipathTable.Group template = emptyGroup(policy.pathSelector());
        List<MultipathTable.Group> out = new ArrayList<>(groups.size());
        for (PathGroup g : groups) {
            List<MultipathTable.TablePath> paths = new ArrayList<>(g.paths().size());
            for (PathInfo p : g.paths()) {
                long repeat = policy.rrMinIo();
                if (policy.rrWeightPriorities() && p.priority() > 0) repeat *= p.priority();
                paths.add(new MultipathTable.TablePath(p.path().devt(), List.of(Long.toString(repeat))));
            }
            out.add(new MultipathTable.Group(template.selector(), template.selectorArgs(), paths));
        }
        return new MultipathTable(features, policy.hwHandler(), groups.isEmpty() ? 0 : firstGroup, out);
    }
}
