package io.mpathvx.reconciler.desired;

/** find_multipaths: when a WWID seen on one or more paths gets a map. */
public enum FindMultipaths {
    /** Every non-blacklisted path gets a map (also "off"). */
    NO,
    /** A map when there are two or more paths, the WWID is in the wwids file, or a map exists (also "on"). */
    YES,
    /** Only WWIDs in the wwids file (or with an existing map). */
    STRICT,
    /** Every non-blacklisted path, like NO. */
    GREEDY,
    /** Like YES; a single new path waits find_multipaths_timeout for a sibling before it is released. */
    SMART;

    public static FindMultipaths of(String keyword) {
        return switch (keyword) {
            case "no", "off" -> NO;
            case "yes", "on" -> YES;
            case "strict" -> STRICT;
            case "greedy" -> GREEDY;
            case "smart" -> SMART;
            default -> throw new IllegalArgumentException("unknown find_multipaths: " + keyword);
        };
    }
}
