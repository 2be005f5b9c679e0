package io.mpathvx.core.config;

/** An overrides/protocol entry: timeouts for paths of one transport protocol. */
record ProtocolEntry(String type, SectionValues values) {
}
