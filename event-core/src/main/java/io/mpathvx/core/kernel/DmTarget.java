package io.mpathvx.core.kernel;

/** One target line of a dm table or status: {@code <start> <length> <type> <params>}. */
public record DmTarget(long start, long length, String type, String params) {
    @Override
    public String toString() {
        return start + " " + length + " " + type + (params.isEmpty() ? "" : " " + params);
    }
}
