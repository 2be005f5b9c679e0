package io.mpathvx.core.config;

/** A keyword value that its keyword does not accept; becomes a warning and the value is ignored. */
final class InvalidValue extends Exception {
    InvalidValue(String expected) {
        super(expected, null, false, false);
    }
}
