package io.mpathvx.core.config;

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
        if (kind == Kind.RETRIES ? retries < 1 : retries != 0)
            throw new IllegalArgumentException("retries " + retries + " for " + kind);
    }

    public static NoPathRetry retries(int n) {
        return new NoPathRetry(Kind.RETRIES, n);
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
