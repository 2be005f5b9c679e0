package io.mpathvx.core.config;

/**
 * Something in a config file that was ignored (unknown keyword or section, invalid value, ...);
 * the rest of the file still applies. {@link #toString()} is {@code FILE:LINE: problem}.
 */
public record ConfigWarning(String file, int line, String problem) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + problem;
    }
}
