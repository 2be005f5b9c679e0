package io.mpathvx.core.config;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a POSIX extended regular expression (what multipathd's regcomp(REG_EXTENDED) gets)
 * into a java.util.regex Pattern used with find(), i.e. an unanchored search. Translated:
 * bracket expressions (backslash is literal inside them, {@code [:alpha:]} classes, a leading
 * ']' is literal), '.' also matches a newline, a '{' that does not start an interval is literal.
 * Rejected as invalid (where Java would give them another meaning): {@code (?...)} groups and
 * stacked quantifiers such as {@code a*+} or {@code a*?} (possessive/lazy in Java). POSIX
 * leftmost-longest matching does not matter for a yes/no search.
 */
final class PosixRegex {
    private static final int MAX_GROUP_DEPTH = 64;   // keeps Pattern.compile far from stack exhaustion
    private static final Map<String, String> CLASSES = Map.ofEntries(
            Map.entry("alpha", "\\p{Alpha}"), Map.entry("digit", "\\p{Digit}"), Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("upper", "\\p{Upper}"), Map.entry("lower", "\\p{Lower}"), Map.entry("space", "\\s"),
            Map.entry("blank", "\\p{Blank}"), Map.entry("punct", "\\p{Punct}"), Map.entry("print", "\\p{Print}"),
            Map.entry("graph", "\\p{Graph}"), Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("xdigit", "\\p{XDigit}"));

    private PosixRegex() {
    }

    /** @throws IllegalArgumentException with a short reason when the expression is invalid */
    static Pattern compile(String ere) {
        String java = translate(ere);
        try {
            return Pattern.compile(java, Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException(e.getDescription());
        }
    }

    static String translate(String re) {
        StringBuilder out = new StringBuilder(re.length() + 8);
        int depth = 0;
        boolean afterQuantifier = false;
        int i = 0;
        while (i < re.length()) {
            char c = re.charAt(i);
            boolean quantifier = false;
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= re.length()) throw new IllegalArgumentException("trailing backslash");
                    out.append(c).append(re.charAt(i + 1));
                    i += 2;
                    afterQuantifier = false;
                    continue;
                }
                case '[' -> {
                    i = bracket(re, i, out);
                    afterQuantifier = false;
                    continue;
                }
                case '(' -> {
                    if (i + 1 < re.length() && re.charAt(i + 1) == '?')
                        throw new IllegalArgumentException("'(?' is not POSIX");
                    if (++depth > MAX_GROUP_DEPTH) throw new IllegalArgumentException("groups nested too deeply");
                    out.append(c);
                }
                case ')' -> {
                    depth--;
                    out.append(c);
                }
                case '*', '+', '?' -> {
                    quantifier = true;
                    out.append(c);
                }
                case '{' -> {
                    int end = interval(re, i);
                    if (end < 0) {
                        out.append("\\{");
                    } else {
                        quantifier = true;
                        out.append(re, i, end + 1);
                        i = end;
                    }
                }
                case '}' -> out.append("\\}");
                case '$' -> out.append("\\z");   // POSIX '$' is the very end; Java's also matches before a final newline
                default -> out.append(c);
            }
            if (quantifier && afterQuantifier) throw new IllegalArgumentException("stacked repetition operators");
            afterQuantifier = quantifier;
            i++;
        }
        return out.toString();
    }

    /** Index of the '}' closing a valid interval {m}, {m,} or {m,n} starting at i, or -1. */
    private static int interval(String re, int i) {
        int j = i + 1;
        int digits = 0;
        while (j < re.length() && Character.isDigit(re.charAt(j)) && re.charAt(j) < 128) { j++; digits++; }
        if (digits == 0 || digits > 4) return -1;
        if (j < re.length() && re.charAt(j) == ',') {
            j++;
            int more = 0;
            while (j < re.length() && Character.isDigit(re.charAt(j)) && re.charAt(j) < 128) { j++; more++; }
            if (more > 4) return -1;
        }
        return j < re.length() && re.charAt(j) == '}' ? j : -1;
    }

    /** Translates the bracket expression starting at i; returns the index after its ']'. */
    private static int bracket(String re, int i, StringBuilder out) {
        int j = i + 1;
        out.append('[');
        if (j < re.length() && re.charAt(j) == '^') {
            out.append('^');
            j++;
        }
        boolean first = true;
        while (true) {
            if (j >= re.length()) throw new IllegalArgumentException("unmatched '['");
            char c = re.charAt(j);
            if (c == ']' && !first) {
                out.append(']');
                return j + 1;
            }
            first = false;
            if (c == '[' && j + 1 < re.length() && ":=.".indexOf(re.charAt(j + 1)) >= 0) {
                char kind = re.charAt(j + 1);
                int close = re.indexOf(kind + "]", j + 2);
                if (close < 0) throw new IllegalArgumentException("unterminated '[" + kind + "'");
                String name = re.substring(j + 2, close);
                if (kind == ':') {
                    String cls = CLASSES.get(name);
                    if (cls == null) throw new IllegalArgumentException("unknown character class '" + name + "'");
                    out.append(cls);
                } else {
                    if (name.length() != 1) throw new IllegalArgumentException("unsupported collating element");
                    out.append(literal(name.charAt(0)));
                }
                j = close + 2;
                continue;
            }
            if (j + 2 < re.length() && re.charAt(j + 1) == '-' && re.charAt(j + 2) != ']') {
                char to = re.charAt(j + 2);
                if (to < c) throw new IllegalArgumentException("invalid range end");
                out.append(literal(c)).append('-').append(literal(to));
                j += 3;
                continue;
            }
            out.append(literal(c));
            j++;
        }
    }

    private static String literal(char c) {
        return Character.isLetterOrDigit(c) && c < 128 ? String.valueOf(c) : "\\" + c;
    }
}
