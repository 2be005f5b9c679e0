package io.mpathvx.uevent;

import java.util.ArrayList;
import java.util.List;

/**
 * multipathd's {@code uid_attrs}: whitespace-separated {@code devname-prefix:ATTRIBUTE} entries choosing, by kernel
 * device name, the udev property that holds a path's WWID. Immutable.
 */
public final class UidAttributes {
    /** No entries: uevents carry no WWID, so no add/remove merging happens (as in multipathd). */
    public static final UidAttributes NONE = new UidAttributes(List.of());

    private record Entry(String prefix, String attribute) {
    }

    private final List<Entry> entries;

    private UidAttributes(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** Parses the option value; entries without ':' are ignored. */
    public static UidAttributes parse(String text) {
        List<Entry> entries = new ArrayList<>();
        if (text != null) {
            for (String word : text.trim().split("\\s+")) {
                int colon = word.lastIndexOf(':');
                if (colon > 0 && colon < word.length() - 1) {
                    entries.add(new Entry(word.substring(0, colon), word.substring(colon + 1)));
                }
            }
        }
        return new UidAttributes(entries);
    }

    public int size() {
        return entries.size();
    }

    /** The attribute of the first entry whose prefix starts {@code devName}; null when none does. */
    public String attributeFor(String devName) {
        for (Entry e : entries) if (devName.startsWith(e.prefix)) return e.attribute;
        return null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Entry e : entries) sb.append(sb.length() == 0 ? "" : " ").append(e.prefix).append(':').append(e.attribute);
        return sb.toString();
    }
}
