package io.mpathvx.reconciler.pathstate;

import java.time.Duration;

/**
 * When a map goes back to its best path group once that group has a usable path again (multipath.conf
 * {@code failback}).
 *
 * @param kind  the policy
 * @param delay for {@link Kind#DEFERRED}: how long the best group must stay the one to switch to; else zero
 */
public record Failback(Kind kind, Duration delay) {
    public enum Kind {
        /** Switch as soon as the best group has a usable path. */
        IMMEDIATE,
        /** Never switch; only the kernel's own failover or an operator moves the map. */
        MANUAL,
        /**
         * Switch only when a path of the best group comes up while every other path of that group is down, i.e. the
         * group as a whole came back (not one path flapping inside a working group).
         */
        FOLLOWOVER,
        /** Switch {@code delay} after a path came up, if the best group still is not the kernel's group then. */
        DEFERRED
    }

    public static final Failback IMMEDIATE = new Failback(Kind.IMMEDIATE, Duration.ZERO);
    public static final Failback MANUAL = new Failback(Kind.MANUAL, Duration.ZERO);
    public static final Failback FOLLOWOVER = new Failback(Kind.FOLLOWOVER, Duration.ZERO);

    public Failback {
        if (kind == null) throw new IllegalArgumentException("failback kind is null");
        if (delay == null) delay = Duration.ZERO;
        if (kind == Kind.DEFERRED && (delay.isNegative() || delay.isZero()))
            throw new IllegalArgumentException("deferred failback needs a positive delay: " + delay);
        if (kind != Kind.DEFERRED && !delay.isZero())
            throw new IllegalArgumentException("failback " + kind + " takes no delay: " + delay);
    }

    public static Failback after(Duration delay) {
        return new Failback(Kind.DEFERRED, delay);
    }

    /**
     * Parses the multipath.conf value: {@code immediate}, {@code manual}, {@code followover} or a positive number of
     * seconds. Throws IllegalArgumentException naming the bad text.
     */
    public static Failback parse(String text) {
        String t = text == null ? "" : text.trim();
        switch (t) {
            case "immediate": return IMMEDIATE;
            case "manual": return MANUAL;
            case "followover": return FOLLOWOVER;
            default:
                try {
                    long s = Long.parseLong(t);
                    if (s > 0) return after(Duration.ofSeconds(s));
                } catch (NumberFormatException e) {
                    // fall through to the error below
                }
                throw new IllegalArgumentException(
                        "failback must be immediate, manual, followover or a positive number of seconds: '" + text + "'");
        }
    }

    @Override
    public String toString() {
        return kind == Kind.DEFERRED ? Long.toString(delay.toSeconds()) : kind.name().toLowerCase();
    }
}
