package io.mpathvx.core.sim;

/** A SAN topology document is invalid; the message starts with the offending field, e.g. {@code luns[2].paths[0].host}. */
public final class TopologyException extends Exception {
    private final String field;

    public TopologyException(String field, String problem) {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The JSON path of the offending field. */
    public String field() {
        return field;
    }
}
