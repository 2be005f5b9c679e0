package io.mpathvx.core.config;

/** A typed keyword value as set in one section, with where it was written. */
record ConfigValue(Object value, Origin origin) {
}
