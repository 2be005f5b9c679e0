package io.mpathvx.api.cli;

import java.util.List;

/**
 * "show maps json" and "show map X json", byte for byte as multipathd prints them
 * (mirrors print.c snprint_multipath_topology_json, snprint_multipath_map_json,
 * snprint_multipath_fields_json and the PRINT_JSON_* templates). Like upstream, values
 * are inserted without JSON escaping.
 */
public final class JsonLayout {
    private static final int MAJOR_VERSION = 0;
    private static final int MINOR_VERSION = 1;
    private static final int INDENT = 3;

    private static final String MAP = "{\n"
            + "      \"name\" : \"%n\",\n"
            + "      \"uuid\" : \"%w\",\n"
            + "      \"sysfs\" : \"%d\",\n"
            + "      \"failback\" : \"%F\",\n"
            + "      \"queueing\" : \"%Q\",\n"
            + "      \"paths\" : %N,\n"
            + "      \"write_prot\" : \"%r\",\n"
            + "      \"dm_st\" : \"%t\",\n"
            + "      \"features\" : \"%f\",\n"
            + "      \"hwhandler\" : \"%h\",\n"
            + "      \"action\" : \"%A\",\n"
            + "      \"path_faults\" : %0,\n"
            + "      \"vend\" : \"%v\",\n"
            + "      \"prod\" : \"%p\",\n"
            + "      \"rev\" : \"%e\",\n"
            + "      \"switch_grp\" : %1,\n"
            + "      \"map_loads\" : %2,\n"
            + "      \"total_q_time\" : %3,\n"
            + "      \"q_timeouts\" : %4,";

    private static final String GROUP = "{\n"
            + "         \"selector\" : \"%s\",\n"
            + "         \"pri\" : %p,\n"
            + "         \"dm_st\" : \"%t\",\n"
            + "         \"marginal_st\" : \"%M\",";

    private static final String PATH = "{\n"
            + "            \"dev\" : \"%d\",\n"
            + "            \"dev_t\" : \"%D\",\n"
            + "            \"dm_st\" : \"%t\",\n"
            + "            \"dev_st\" : \"%o\",\n"
            + "            \"chk_st\" : \"%T\",\n"
            + "            \"checker\" : \"%c\",\n"
            + "            \"pri\" : %p,\n"
            + "            \"host_wwnn\" : \"%N\",\n"
            + "            \"target_wwnn\" : \"%n\",\n"
            + "            \"host_wwpn\" : \"%R\",\n"
            + "            \"target_wwpn\" : \"%r\",\n"
            + "            \"host_adapter\" : \"%a\",\n"
            + "            \"lun_hex\" : \"%L\",\n"
            + "            \"marginal_st\" : \"%M\"";

    private JsonLayout() {
    }

    /** "show maps json": the version header, then a "maps" array of every map. */
    public static String maps(CliView view) {
        StringBuilder json = header().append(indent(1)).append("\"maps\": [");
        List<CliMap> maps = view.maps();
        for (int i = 0; i < maps.size(); i++) {
            appendMapFields(json, maps.get(i), i + 1 == maps.size());
        }
        return json.append("]\n").append("}\n").toString();
    }

    /** "show map X json": the version header, then the one map under "map". */
    public static String map(CliMap map) {
        StringBuilder json = header().append("   \"map\":");
        appendMapFields(json, map, true);
        return json.append("\n").append("}\n").toString();
    }

    /** Mirrors print.c snprint_json_header. */
    private static StringBuilder header() {
        return new StringBuilder("{\n")
                .append("   \"major_version\": ").append(MAJOR_VERSION).append(",\n")
                .append("   \"minor_version\": ").append(MINOR_VERSION).append(",\n");
    }

    /** Mirrors print.c snprint_multipath_fields_json. */
    private static void appendMapFields(StringBuilder json, CliMap map, boolean lastMap) {
        json.append(MapWildcards.TABLE.line(MAP, map, null));
        json.append(indent(2)).append("\"path_groups\": [");
        List<CliGroup> groups = map.groups();
        for (int g = 0; g < groups.size(); g++) {
            CliGroup group = groups.get(g);
            json.append(GroupWildcards.TABLE.line(GROUP, group, null));
            json.append("         \"group\" : ").append(g + 1).append(",\n");
            json.append(indent(3)).append("\"paths\": [");
            List<CliPath> paths = group.paths();
            for (int p = 0; p < paths.size(); p++) {
                json.append(PathWildcards.TABLE.line(PATH, paths.get(p), null));
                appendElementEnd(json, 3, p + 1 == paths.size());
            }
            json.append("]\n");
            appendElementEnd(json, 2, g + 1 == groups.size());
        }
        json.append("]\n");
        appendElementEnd(json, 1, lastMap);
    }

    /** Mirrors print.c snprint_json_elem_footer. */
    private static void appendElementEnd(StringBuilder json, int level, boolean last) {
        json.append(indent(level)).append(last ? "}" : "},");
    }

    private static String indent(int level) {
        return " ".repeat(level * INDENT);
    }
}
