package io.mpathvx.core.config;

import java.util.regex.Pattern;

/**
 * One blacklist regex. A leading '!' inverts it (it matches what the regex does not);
 * a leading "\!" stands for a literal '!'.
 */
record BlacklistRule(String text, Pattern regex, boolean invert, Origin origin) {

    /** @throws IllegalArgumentException when the regex is invalid */
    static BlacklistRule of(String text, Origin origin) {
        boolean invert = text.startsWith("!");
        String re = invert || text.startsWith("\\!") ? text.substring(1) : text;
        return new BlacklistRule(text, PosixRegex.compile(re), invert, origin);
    }

    boolean matches(String s) {
        return regex.matcher(s).find() != invert;
    }
}
