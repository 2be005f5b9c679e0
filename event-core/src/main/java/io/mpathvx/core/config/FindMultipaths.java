package io.mpathvx.core.config;

/**
 * find_multipaths: which devices become multipath maps. OFF and GREEDY: every non-blacklisted path; ON: two or more
 * paths, the WWID in the wwids file, or an existing map; STRICT: only WWIDs in the wwids file (or with a map);
 * SMART: like ON, a single new path waiting find_multipaths_timeout for a sibling. "no"/"yes" are accepted as off/on.
 */
public enum FindMultipaths {
    OFF, ON, STRICT, GREEDY, SMART;

    /** The keyword: off/no, on/yes, strict, greedy or smart; else IllegalArgumentException. */
    public static FindMultipaths of(String keyword) {
        return switch (keyword) {
            case "no", "off" -> OFF;
            case "yes", "on" -> ON;
            case "strict" -> STRICT;
            case "greedy" -> GREEDY;
            case "smart" -> SMART;
            default -> throw new IllegalArgumentException("unknown find_multipaths: " + keyword);
        };
    }

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
