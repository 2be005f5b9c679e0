package io.mpathvx.reconciler.pathstate;

/**
 * What a map does when its last usable path fails (multipath.conf {@code no_path_retry}).
 *
 * @param kind    queue forever, fail at once, or queue for a number of checker intervals
 * @param retries for {@link Kind#RETRIES}: how many polling intervals to keep queueing (at least 1); else 0
 */
public record NoPathRetry(Kind kind, int retries) {
    public enum Kind {
        /** Queue I/O until a path returns: never send {@code fail_if_no_path}. */
        QUEUE,
        /** No queueing: I/O fails as soon as no path is usable. */
        FAIL,
        /** Queue for {@code retries} polling intervals, then send {@code fail_if_no_path}. */
        RETRIES
    }

    public static final NoPathRetry QUEUE = new NoPathRetry(Kind.QUEUE, 0);
    public static final NoPathRetry FAIL = new NoPathRetry(Kind.FAIL, 0);

    public NoPathRetry {
        if (kind == null) throw new IllegalArgumentException("no_path_retry kind is null");
        if (kind == Kind.RETRIES && retries < 1)
            throw new IllegalArgumentException("no_path_retry retries must be at least 1: " + retries);
        if (kind != Kind.RETRIES && retries != 0)
            throw new IllegalArgumentException("no_path_retry " + kind + " takes no retry count: " + retries);
    }

    public static NoPathRetry retries(int n) {
        return new NoPathRetry(Kind.RETRIES, n);
    }

    /**
     * Parses the multipath.conf value: {@code queue}, {@code fail}, or a number of retries; {@code 0} means
     * {@code fail}, as in multipath-tools. Throws IllegalArgumentException naming the bad text.
     */
    public static NoPathRetry parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equals("queue")) return QUEUE;
        if (t.equals("fail")) return FAIL;
        try {
            int n = Integer.parseInt(t);
            if (n == 0) return FAIL;
            if (n > 0) return retries(n);
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalArgumentException("no_path_retry must be queue, fail or a number >= 0: '" + text + "'");
    }

    @Override
    public String toString() {
        return kind == Kind.RETRIES ? Integer.toString(retries) : kind.name().toLowerCase();
    }
}
