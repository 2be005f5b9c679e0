package io.mpathvx.core.config;

import java.util.Objects;

/**
 * no_path_retry: what a map does when its last path fails. UNDEF (nothing configured) behaves
 * like the features string says; FAIL fails I/O at once; QUEUE queues forever; RETRIES queues
 * for {@code retries} checker intervals, then fails.
 */
public record NoPathRetry(Kind kind, int retries) {
    public enum Kind { UNDEF, FAIL, QUEUE, RETRIES }

    public static final NoPathRetry UNDEF = new NoPathRetry(Kind.UNDEF, 0);
    public static final NoPathRetry FAIL = new NoPathRetry(Kind.FAIL, 0);
    public static final NoPathRetry QUEUE = new NoPathRetry(Kind.QUEUE, 0);

    public NoPathRetry {
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.RETRIES ? retries < 1 : retries != 0)
            throw new IllegalArgumentException("retries " + retries + " for " + kind);
    }

    public static NoPathRetry retries(int n) {
        return new NoPathRetry(Kind.RETRIES, n);
    }

    /**
     * The multipath.conf value, surrounding white space ignored: {@code queue}, {@code fail} or a number of
     * retries, {@code 0} meaning fail as in multipath-tools. Throws IllegalArgumentException naming the bad text.
     */
    public static NoPathRetry parse(String text) {
        return value(text == null ? "" : text.strip(), text);
    }

    /** Like {@link #parse} but exact (no white space), and null or {@code undef} give {@link #UNDEF}. */
    public static NoPathRetry of(String text) {
        return text == null || text.equals("undef") ? UNDEF : value(text, text);
    }

    private static NoPathRetry value(String t, String text) {
        switch (t) {
            case "queue": return QUEUE;
            case "fail": return FAIL;
            default:
                try {
                    int n = Integer.parseInt(t);
                    if (n == 0) return FAIL;
                    if (n > 0) return retries(n);
                } catch (NumberFormatException e) {
                    // the error below names the text
                }
                throw new IllegalArgumentException("no_path_retry must be queue, fail or a number >= 0: '" + text + "'");
        }
    }

    /** Whether the table gets queue_if_no_path. */
    public boolean queues() {
        return kind == Kind.QUEUE || kind == Kind.RETRIES;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case UNDEF -> "undef";
            case FAIL -> "fail";
            case QUEUE -> "queue";
            case RETRIES -> Integer.toString(retries);
        };
    }
}
