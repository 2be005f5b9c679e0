package io.mpathvx.core.multipath;

import io.mpathvx.core.model.DevT;

import java.util.ArrayList;
import java.util.List;

/**
 * The status of a dm-multipath target: {@code <#feat> feat.. <#hwh> hwh.. <#groups> <next> {<A|E|D> <#sel-status>
 * status.. <#paths> <#path-sel-status> {<M:m> <A|F> <fail-count> status..}..}..}.
 *
 * @param features  feature status words; the kernel gives {@code <queue_io 0|1> <pg_init_count>}
 * @param hwHandler hardware handler status words
 * @param nextGroup the group the next I/O goes to, 1-based (0: none)
 * @param groups    the groups in table order
 */
public record MultipathStatus(List<String> features, List<String> hwHandler, int nextGroup, List<Group> groups) {
    public MultipathStatus {
        features = List.copyOf(features);
        hwHandler = List.copyOf(hwHandler);
        groups = List.copyOf(groups);
    }

    public enum GroupState {
        ACTIVE('A'), ENABLED('E'), DISABLED('D');
        final char code;

        GroupState(char code) {
            this.code = code;
        }

        public char code() {
            return code;
        }
    }

    public record Group(GroupState state, List<String> selectorStatus, List<PathStatus> paths) {
        public Group {
            selectorStatus = List.copyOf(selectorStatus);
            paths = List.copyOf(paths);
        }
    }

    /** One path: active (A) or failed (F), how often it failed, and selector status words. */
    public record PathStatus(DevT devt, boolean active, int failCount, List<String> selectorStatus) {
        public PathStatus {
            selectorStatus = List.copyOf(selectorStatus);
        }
    }

    /** Whether I/O is queued now because no path is usable (first feature status word). */
    public boolean queueing() {
        return !features.isEmpty() && "1".equals(features.get(0));
    }

    public static MultipathStatus parse(String text) throws MultipathSyntaxException {
        Words w = new Words(text);
        List<String> features = w.counted("feature status");
        List<String> hwh = w.counted("hardware handler status");
        int nGroups = w.count("number of path groups");
        int next = w.count("next path group");
        if (next > nGroups) throw w.error("next path group " + next + " beyond " + nGroups + " groups");
        List<Group> groups = new ArrayList<>(nGroups);
        for (int g = 0; g < nGroups; g++) {
            String st = w.next("group state");
            GroupState state = switch (st) {
                case "A" -> GroupState.ACTIVE;
                case "E" -> GroupState.ENABLED;
                case "D" -> GroupState.DISABLED;
                default -> throw w.error("group state is not A, E or D: '" + st + "'");
            };
            List<String> selStatus = w.counted("selector status");
            int nPaths = w.count("number of paths");
            int nArgs = w.count("number of path status words");
            List<PathStatus> paths = new ArrayList<>(nPaths);
            for (int p = 0; p < nPaths; p++) {
                DevT dev = w.devt("path device");
                String af = w.next("path state");
                if (!af.equals("A") && !af.equals("F")) throw w.error("path state is not A or F: '" + af + "'");
                int fails = w.count("fail count");
                paths.add(new PathStatus(dev, af.equals("A"), fails, w.take(nArgs, "path selector status")));
            }
            groups.add(new Group(state, selStatus, paths));
        }
        w.end();
        return new MultipathStatus(features, hwh, next, groups);
    }

    public String format() {
        StringBuilder sb = new StringBuilder(64 + groups.size() * 48);
        Words.appendCounted(sb, features);
        sb.append(' ');
        Words.appendCounted(sb, hwHandler);
        sb.append(' ').append(groups.size()).append(' ').append(nextGroup);
        for (Group g : groups) {
            sb.append(' ').append(g.state().code).append(' ');
            Words.appendCounted(sb, g.selectorStatus());
            int nArgs = g.paths().isEmpty() ? 0 : g.paths().get(0).selectorStatus().size();
            sb.append(' ').append(g.paths().size()).append(' ').append(nArgs);
            for (PathStatus p : g.paths()) {
                sb.append(' ').append(p.devt()).append(' ').append(p.active() ? 'A' : 'F').append(' ').append(p.failCount());
                for (String a : p.selectorStatus()) sb.append(' ').append(a);
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
