package io.mpathvx.core.config;

/**
 * The verdict of a blacklist check, with libmultipath's MATCH_* codes: positive = blacklisted,
 * negative = explicitly excepted, 0 = no rule matched.
 */
public enum BlacklistResult {
    NOTHING(0),
    WWID_BLIST(1),
    DEVICE_BLIST(2),
    DEVNODE_BLIST(3),
    PROPERTY_BLIST(4),
    PROPERTY_BLIST_MISSING(5),
    PROTOCOL_BLIST(6),
    WWID_BLIST_EXCEPT(-1),
    DEVICE_BLIST_EXCEPT(-2),
    DEVNODE_BLIST_EXCEPT(-3),
    PROPERTY_BLIST_EXCEPT(-4),
    PROTOCOL_BLIST_EXCEPT(-6);

    private final int code;

    BlacklistResult(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public boolean blacklisted() {
        return code > 0;
    }
}
