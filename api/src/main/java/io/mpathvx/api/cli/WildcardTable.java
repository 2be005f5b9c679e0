package io.mpathvx.api.cli;

import java.util.List;
import java.util.function.Function;

/**
 * A table of wildcards (print.c mpd[], pd[] or pgd[]) and the format engine over it:
 * column widths, header lines and item lines.
 */
final class WildcardTable<T> {
    /** Upstream keeps widths in an unsigned char. */
    private static final int MAX_FIELD_WIDTH = 255;

    private final List<Wildcard<T>> entries;

    WildcardTable(List<Wildcard<T>> entries) {
        this.entries = List.copyOf(entries);
    }

    List<Wildcard<T>> entries() {
        return entries;
    }

    private int indexOf(char letter) {
        for (int i = 0; i < entries.size(); i++) {
            if (entries.get(i).letter() == letter) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Mirrors print.c get_multipath_layout__ / get_path_layout__: per wildcard, the widest
     * value over the items, starting from the header's width when a header is printed.
     */
    int[] widths(List<T> items, boolean withHeader) {
        int[] widths = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Wildcard<T> wildcard = entries.get(i);
            int width = withHeader ? wildcard.header().length() : 0;
            for (T item : items) {
                width = Math.max(width, Math.min(wildcard.value().apply(item).length(), MAX_FIELD_WIDTH));
            }
            widths[i] = width;
        }
        return widths;
    }

    /** Mirrors print.c snprint_multipath_header / snprint_path_header. */
    String header(String format, int[] widths) {
        return expand(format, Wildcard::header, widths);
    }

    /**
     * Mirrors print.c snprint_multipath__ / snprint_path__ / snprint_pathgroup__: each
     * known "%x" becomes the item's value, padded to its column width when widths are
     * given; an unknown "%x" (including "%%") prints nothing; a newline ends the line.
     */
    String line(String format, T item, int[] widths) {
        return expand(format, w -> w.value().apply(item), widths);
    }

    private String expand(String format, Function<Wildcard<T>, String> text, int[] widths) {
        StringBuilder out = new StringBuilder();
        int pos = 0;
        for (int pct = format.indexOf('%'); pct >= 0; pct = format.indexOf('%', pos)) {
            out.append(format, pos, pct);
            if (pct + 1 == format.length()) {
                pos = pct + 1; // a trailing '%' prints nothing (upstream reads past its end here)
                break;
            }
            pos = pct + 2;
            int index = indexOf(format.charAt(pct + 1));
            if (index < 0) {
                continue;
            }
            String value = text.apply(entries.get(index));
            out.append(value);
            if (widths != null && value.length() < widths[index]) {
                out.append(" ".repeat(widths[index] - value.length()));
            }
        }
        return out.append(format, pos, format.length()).append('\n').toString();
    }
}
