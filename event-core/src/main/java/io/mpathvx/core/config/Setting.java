package io.mpathvx.core.config;

/** A resolved configuration value and where it came from. */
public record Setting<T>(T value, Origin origin) {
    @Override
    public String toString() {
        return value + " " + origin.describe();
    }
}
