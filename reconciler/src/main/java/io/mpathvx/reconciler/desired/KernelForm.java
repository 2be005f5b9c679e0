package io.mpathvx.reconciler.desired;

import io.mpathvx.core.multipath.MultipathTable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a table looks like for comparison once the kernel has normalised it, so that a table we would load and the
 * table the kernel reports compare equal exactly when a reload would change nothing:
 * <ul>
 * <li>without queue_if_no_path: the path state machine turns queueing off and on at run time with
 * {@code fail_if_no_path}/{@code queue_if_no_path} messages (no_path_retry), and the kernel's table shows that; a
 * reload to "fix" it would undo no_path_retry. Whether a new map queues is in the table it is created with;</li>
 * <li>features in the kernel's print order (pg_init_retries, pg_init_delay_msecs, queue_mode bio),
 * without retain_attached_hw_handler (always on for request-based maps since Linux 4.3) and without the default
 * {@code queue_mode rq/mq};</li>
 * <li>the initial group dropped: the kernel reports its current group there, which moves with failover;</li>
 * <li>per-path selector args as the kernel prints them: service-time {@code <repeat=1> <relative throughput>},
 * queue-length {@code 1} (both force repeat 1), round-robin {@code <repeat>};</li>
 * <li>paths sorted within a group (order inside a group does not change routing enough to justify a reload).</li>
 * </ul>
 */
public final class KernelForm {
    private KernelForm() {
    }

    public static MultipathTable of(MultipathTable t) {
        List<MultipathTable.Group> groups = new ArrayList<>(t.groups().size());
        for (MultipathTable.Group g : t.groups()) {
            List<MultipathTable.TablePath> paths = new ArrayList<>(g.paths().size());
            for (MultipathTable.TablePath p : g.paths()) {
                paths.add(new MultipathTable.TablePath(p.devt(), pathArgs(g.selector(), p.args())));
            }
            paths.sort(Comparator.comparing(MultipathTable.TablePath::devt));
            groups.add(new MultipathTable.Group(g.selector(), g.selectorArgs(), paths));
        }
        return new MultipathTable(features(t.features()), t.hwHandler(), 0, groups);
    }

    static List<String> pathArgs(String selector, List<String> args) {
        return switch (selector) {
            case "service-time" -> List.of("1", args.size() > 1 ? args.get(1) : "1");
            case "queue-length" -> List.of("1");
            case "round-robin" -> List.of(args.isEmpty() ? "1" : args.get(0));
            default -> args;
        };
    }

    static List<String> features(List<String> f) {
        List<String> out = new ArrayList<>();
        valued(f, "pg_init_retries", out);
        valued(f, "pg_init_delay_msecs", out);
        int qm = f.indexOf("queue_mode");
        if (qm >= 0 && qm + 1 < f.size() && f.get(qm + 1).equals("bio")) {
            out.add("queue_mode");
            out.add("bio");
        }
        // Anything the kernel does not know would have failed the load; keep it so a difference stays visible.
        for (int i = 0; i < f.size(); i++) {
            String w = f.get(i);
            switch (w) {
                case "queue_if_no_path", "retain_attached_hw_handler" -> { }
                case "pg_init_retries", "pg_init_delay_msecs", "queue_mode" -> i++;
                default -> out.add(w);
            }
        }
        return out;
    }

    private static void valued(List<String> f, String key, List<String> out) {
        int i = f.indexOf(key);
        if (i >= 0 && i + 1 < f.size()) {
            String v = f.get(i + 1);
            if (key.equals("pg_init_retries") && v.equals("0")) return;
            out.add(key);
            out.add(v);
        }
    }
}
