package io.mpathvx.reconciler.desired;

/**
 * no_path_retry: undefined (features decide), fail, queue, or a number of checker intervals to keep queueing.
 *
 * @param kind    which of the four
 * @param retries the count for {@link Kind#RETRIES}
 */
public record NoPathRetry(Kind kind, int retries) {
    public enum Kind { UNDEF, FAIL, QUEUE, RETRIES }

    public static final NoPathRetry UNDEF = new NoPathRetry(Kind.UNDEF, 0);
    public static final NoPathRetry FAIL = new NoPathRetry(Kind.FAIL, 0);
    public static final NoPathRetry QUEUE = new NoPathRetry(Kind.QUEUE, 0);

    public static NoPathRetry retries(int n) {
        if (n <= 0) throw new IllegalArgumentException("no_path_retry count must be positive: " + n);
        return new NoPathRetry(Kind.RETRIES, n);
    }

    /** Parses "fail", "queue", a positive number, or null/"undef". */
    public static NoPathRetry of(String text) {
        if (text == null || text.equals("undef")) return UNDEF;
        return switch (text) {
            case "fail", "0" -> FAIL;
            case "queue" -> QUEUE;
            default -> {
                try {
                    yield retries(Integer.parseInt(text));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("no_path_retry is not fail, queue or a number: " + text);
                }
            }
        };
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
