package io.mpathvx.api.cli;

import java.util.List;

/**
 * multipathd's tabular replies: "show maps", "show paths", their "format" and "raw format"
 * forms, "show path X" and "show wildcards" (mirrors multipathd/cli_handlers.c show_maps,
 * show_paths, show_map, show_path and print.c snprint_wildcards).
 */
public final class TextLayout {
    /** "show maps" (print.h PRINT_MAP_NAMES). */
    public static final String MAP_NAMES = "%n %d %w";
    /** "show maps status" (print.h PRINT_MAP_STATUS). */
    public static final String MAP_STATUS = "%n %F %Q %N %t %r";
    /** "show maps stats" (print.h PRINT_MAP_STATS). */
    public static final String MAP_STATS = "%n %0 %1 %2 %3 %4";
    /** "show paths" (print.h PRINT_PATH_CHECKER). */
    public static final String PATH_CHECKER = "%i %d %D %p %t %T %o %C";

    private TextLayout() {
    }

    /** A header line and one line per map, columns padded to the widest cell. */
    public static String maps(CliView view, String format) {
        return table(MapWildcards.TABLE, view.maps(), format);
    }

    /** One line per map, unpadded, no header ("show maps raw format"). */
    public static String mapsRaw(CliView view, String format) {
        return rawLines(MapWildcards.TABLE, view.maps(), format);
    }

    /** A header line and one line per path (all known paths, orphans included). */
    public static String paths(CliView view, String format) {
        return table(PathWildcards.TABLE, view.paths(), format);
    }

    /** One line per path, unpadded, no header ("show paths raw format"). */
    public static String pathsRaw(CliView view, String format) {
        return rawLines(PathWildcards.TABLE, view.paths(), format);
    }

    /**
     * "show map X format F": the one map's line, no header, but padded to the widths the
     * full "show maps" table would have (upstream computes them over all maps).
     */
    public static String map(CliView view, CliMap map, String format) {
        return MapWildcards.TABLE.line(format, map, MapWildcards.TABLE.widths(view.maps(), true));
    }

    /** "show path X": upstream prints only the path's sysfs state ("%o"). */
    public static String path(CliPath path) {
        return PathWildcards.TABLE.line("%o", path, null);
    }

    /** "show wildcards" (mirrors print.c snprint_wildcards). */
    public static String wildcards() {
        StringBuilder text = new StringBuilder("multipath format wildcards:\n");
        MapWildcards.TABLE.entries().forEach(w -> appendWildcard(text, w));
        text.append("\npath format wildcards:\n");
        PathWildcards.TABLE.entries().forEach(w -> appendWildcard(text, w));
        return text.toString();
    }

    private static void appendWildcard(StringBuilder text, Wildcard<?> wildcard) {
        text.append('%').append(wildcard.letter()).append("  ").append(wildcard.header()).append('\n');
    }

    /** An empty listing prints nothing at all, not even the header. */
    private static <T> String table(WildcardTable<T> table, List<T> items, String format) {
        if (items.isEmpty()) {
            return "";
        }
        int[] widths = table.widths(items, true);
        StringBuilder text = new StringBuilder(table.header(format, widths));
        items.forEach(item -> text.append(table.line(format, item, widths)));
        return text.toString();
    }

    private static <T> String rawLines(WildcardTable<T> table, List<T> items, String format) {
        StringBuilder text = new StringBuilder();
        items.forEach(item -> text.append(table.line(format, item, null)));
        return text.toString();
    }
}
