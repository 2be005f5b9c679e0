package io.mpathvx.core.config;

import java.util.List;

/**
 * One line of meaning in a config file: a keyword with its value, or a section ({@code name {})
 * with the stanzas inside it. {@code value} is null for a keyword written without one.
 */
record Stanza(String keyword, String value, boolean section, String file, int line, List<Stanza> children) {
}
