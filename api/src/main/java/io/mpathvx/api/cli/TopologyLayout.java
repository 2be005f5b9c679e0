package io.mpathvx.api.cli;

import java.util.List;

/**
 * "show topology" / "show map X topology", the layout of "multipath -ll" (mirrors print.c
 * snprint_multipath_topology__ at verbosity 2):
 * <pre>
 * name (wwid) dm-N vendor,product
 * size=... features='...' hwhandler='...' wp=rw
 * |-+- policy='...' prio=N status=...
 * | `- H:C:T:L dev dev_t dm_st chk_st dev_st
 * `-+- ...
 * </pre>
 */
public final class TopologyLayout {
    private static final String MAP_PROPS = "size=%S features='%f' hwhandler='%h' wp=%r";
    private static final String GROUP_LINE = "policy='%s' prio=%p status=%t";
    private static final String PATH_LINE = "%i %d %D %t %T %o";

    private TopologyLayout() {
    }

    /** Every map's topology, one after the other. */
    public static String maps(CliView view) {
        int[] pathWidths = pathWidths(view);
        StringBuilder text = new StringBuilder();
        view.maps().forEach(map -> appendMap(text, map, pathWidths));
        return text.toString();
    }

    /** One map's topology; path columns are still as wide as over all known paths. */
    public static String map(CliView view, CliMap map) {
        StringBuilder text = new StringBuilder();
        appendMap(text, map, pathWidths(view));
        return text.toString();
    }

    /** Upstream sizes the path columns over its whole path list, without headers. */
    private static int[] pathWidths(CliView view) {
        return PathWildcards.TABLE.widths(view.paths(), false);
    }

    private static void appendMap(StringBuilder text, CliMap map, int[] pathWidths) {
        text.append(MapWildcards.TABLE.line(mapStyle(map), map, null));
        text.append(MapWildcards.TABLE.line(MAP_PROPS, map, null));
        List<CliGroup> groups = map.groups();
        for (int g = 0; g < groups.size(); g++) {
            boolean lastGroup = g + 1 == groups.size();
            CliGroup group = groups.get(g);
            text.append(lastGroup ? '`' : '|').append("-+- ");
            text.append(GroupWildcards.TABLE.line(GROUP_LINE, group, null));
            List<CliPath> paths = group.paths();
            for (int p = 0; p < paths.size(); p++) {
                boolean lastPath = p + 1 == paths.size();
                text.append(lastGroup ? ' ' : '|').append(' ').append(lastPath ? '`' : '|').append("- ");
                text.append(PathWildcards.TABLE.line(PATH_LINE, paths.get(p), pathWidths));
            }
        }
    }

    /**
     * Mirrors print.c snprint_multipath_style: the pending action first if any, the WWID
     * in parentheses only when the name differs from it.
     */
    private static String mapStyle(CliMap map) {
        return (map.action().isEmpty() ? "" : "%A: ") + "%n"
                + (map.name().equals(map.wwid()) ? "" : " (%w)") + " %d %s";
    }
}
