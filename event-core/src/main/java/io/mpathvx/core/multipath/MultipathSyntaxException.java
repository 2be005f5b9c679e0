package io.mpathvx.core.multipath;

/** A multipath table or status string does not follow the dm-multipath grammar. */
public final class MultipathSyntaxException extends Exception {
    public MultipathSyntaxException(String message) {
        super(message);
    }
}
