package io.mpathvx.core.multipath;

import io.mpathvx.core.model.DevT;

import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a dm-multipath table line (what follows {@code <start> <length> multipath}):
 * {@code <#feat> feat.. <#hwh> hwh.. <#groups> <first> {<selector> <#sel-args> args.. <#paths> <#path-args>
 * {<M:m> args..}..}..}.
 *
 * @param features   feature words without the count
 * @param hwHandler  hardware handler words without the count (empty: none)
 * @param firstGroup the group to use first, 1-based; 0 when there are no groups
 * @param groups     the priority groups
 */
public record MultipathTable(List<String> features, List<String> hwHandler, int firstGroup, List<Group> groups) {
    public MultipathTable {
        features = List.copyOf(features);
        hwHandler = List.copyOf(hwHandler);
        groups = List.copyOf(groups);
    }

    /** A priority group: its path selector with arguments, and its paths each with the same number of arguments. */
    public record Group(String selector, List<String> selectorArgs, List<TablePath> paths) {
        public Group {
            selectorArgs = List.copyOf(selectorArgs);
            paths = List.copyOf(paths);
            int n = paths.isEmpty() ? 0 : paths.get(0).args().size();
            for (TablePath p : paths) {
                if (p.args().size() != n) throw new IllegalArgumentException("paths of a group need the same number of args");
            }
        }
    }

    /** A path device and its per-path selector arguments (e.g. repeat count). */
    public record TablePath(DevT devt, List<String> args) {
        public TablePath {
            args = List.copyOf(args);
        }
    }

    public static MultipathTable parse(String params) throws MultipathSyntaxException {
        Words w = new Words(params);
        List<String> features = w.counted("feature");
        List<String> hwh = w.counted("hardware handler");
        int nGroups = w.count("number of path groups");
        int first = w.count("initial path group");
        if (nGroups > 0 ? (first < 1 || first > nGroups) : first != 0) {
            throw w.error("initial path group " + first + " not within 1.." + nGroups);
        }
        List<Group> groups = new ArrayList<>(nGroups);
        for (int g = 0; g < nGroups; g++) {
            String selector = w.next("path selector");
            List<String> selArgs = w.counted("selector argument");
            int nPaths = w.count("number of paths");
            int nArgs = w.count("number of path arguments");
            List<TablePath> paths = new ArrayList<>(nPaths);
            for (int p = 0; p < nPaths; p++) {
                paths.add(new TablePath(w.devt("path device"), w.take(nArgs, "path argument")));
            }
            groups.add(new Group(selector, selArgs, paths));
        }
        w.end();
        return new MultipathTable(features, hwh, first, groups);
    }

    /** The table parameters in the kernel's canonical spacing (as DM_TABLE_STATUS returns them, without trailing space). */
    public String format() {
        StringBuilder sb = new StringBuilder(64 + groups.size() * 48);
        Words.appendCounted(sb, features);
        sb.append(' ');
        Words.appendCounted(sb, hwHandler);
        sb.append(' ').append(groups.size()).append(' ').append(firstGroup);
        for (Group g : groups) {
            sb.append(' ').append(g.selector()).append(' ');
            Words.appendCounted(sb, g.selectorArgs());
            int nArgs = g.paths().isEmpty() ? 0 : g.paths().get(0).args().size();
            sb.append(' ').append(g.paths().size()).append(' ').append(nArgs);
            for (TablePath p : g.paths()) {
                sb.append(' ').append(p.devt());
                for (String a : p.args()) sb.append(' ').append(a);
            }
        }
        return sb.toString();
    }

    public List<DevT> devices() {
        List<DevT> out = new ArrayList<>();
        for (Group g : groups) for (TablePath p : g.paths()) out.add(p.devt());
        return out;
    }

    @Override
    public String toString() {
        return format();
    }
}
