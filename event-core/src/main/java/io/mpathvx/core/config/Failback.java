package io.mpathvx.core.config;

import java.time.Duration;
import java.util.Objects;

/**
 * failback: when to switch back to the highest-priority path group. IMMEDIATE as soon as it has a usable path;
 * MANUAL never (only the kernel or an operator moves the map); FOLLOWOVER only when the group as a whole came back
 * (a path of it comes up while all its others are down); DEFERRED {@code deferSeconds} after a path came up.
 */
public record Failback(Mode mode, int deferSeconds) {
    public enum Mode { MANUAL, IMMEDIATE, FOLLOWOVER, DEFERRED }

    public static final Failback MANUAL = new Failback(Mode.MANUAL, 0);
    public static final Failback IMMEDIATE = new Failback(Mode.IMMEDIATE, 0);
    public static final Failback FOLLOWOVER = new Failback(Mode.FOLLOWOVER, 0);

    public Failback {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.DEFERRED ? deferSeconds < 1 : deferSeconds != 0)
            throw new IllegalArgumentException("deferSeconds " + deferSeconds + " for " + mode);
    }

    public static Failback deferred(int seconds) {
        return new Failback(Mode.DEFERRED, seconds);
    }

    /**
     * The multipath.conf value, surrounding white space ignored: {@code immediate}, {@code manual},
     * {@code followover} or a positive number of seconds. Throws IllegalArgumentException naming the bad text.
     */
    public static Failback parse(String text) {
        String t = text == null ? "" : text.strip();
        switch (t) {
            case "immediate": return IMMEDIATE;
            case "manual": return MANUAL;
            case "followover": return FOLLOWOVER;
            default:
                try {
                    int s = Integer.parseInt(t);
                    if (s > 0) return deferred(s);
                } catch (NumberFormatException e) {
                    // the error below names the text
                }
                throw new IllegalArgumentException(
                        "failback must be immediate, manual, followover or a positive number of seconds: '" + text + "'");
        }
    }

    /** For DEFERRED, how long the best group must stay the one to switch to; else zero. */
    public Duration delay() {
        return Duration.ofSeconds(deferSeconds);
    }

    @Override
    public String toString() {
        return mode == Mode.DEFERRED ? Integer.toString(deferSeconds) : mode.name().toLowerCase();
    }
}
