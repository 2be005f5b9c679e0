package io.mpathvx.core.config;

/** A keyword value that its keyword does not accept; becomes a warning and the value is ignored. */
final class InvalidValue extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidValue(String expected) {
        super(expected, null, false, false);
    }
}
