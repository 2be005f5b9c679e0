package io.mpathvx.reconciler.naming;

/**
 * User-friendly name suffixes: a positive index written in bijective base 26 with the letters a..z
 * (1 → a, 26 → z, 27 → aa, Integer.MAX_VALUE → fxshrxw), as multipathd does.
 */
public final class AliasCodec {
    /** The longest suffix an int index can need ("fxshrxw"); longer suffixes cannot scan. */
    static final int MAX_SUFFIX = 7;

    private AliasCodec() {
    }

    /** prefix + suffix(index), or null when the index is not positive. A null prefix counts as empty. */
    public static String format(String prefix, int index) {
        if (index <= 0) return null;
        char[] buf = new char[MAX_SUFFIX];
        int pos = buf.length;
        long n = index;
        while (n > 0) {
            n--; // bijective: digits are 1..26, not 0..25
            buf[--pos] = (char) ('a' + (n % 26));
            n /= 26;
        }
        return (prefix == null ? "" : prefix) + new String(buf, pos, buf.length - pos);
    }

    /**
     * The index an alias encodes for this prefix, or -1: no prefix, prefix mismatch (case sensitive), nothing after
     * it, more than 7 characters after it, a character outside a..z before the first blank, or a value beyond
     * Integer.MAX_VALUE. Text after a space or tab is ignored but counts towards the length limit.
     */
    public static int scan(String alias, String prefix) {
        if (prefix == null || alias == null || !alias.startsWith(prefix)) return -1;
        int len = alias.length() - prefix.length();
        if (len == 0 || len > MAX_SUFFIX) return -1;
        long n = 0;
        int digits = 0;
        for (int i = prefix.length(); i < alias.length(); i++) {
            char c = alias.charAt(i);
            if (c == ' ' || c == '\t') break;
            if (c < 'a' || c > 'z') return -1;
            n = n * 26 + (c - 'a' + 1);
            digits++;
            if (n > Integer.MAX_VALUE) return -1;
        }
        return digits == 0 ? -1 : (int) n;
    }
}
