package io.mpathvx.core.config;

import java.util.Set;

/**
 * A setting keyword: its canonical name (synonyms such as "checker" map to "path_checker"), how
 * its value is checked, and the sections it may appear in.
 */
record Keyword(String name, ValueType type, Set<Scope> scopes) {
}
