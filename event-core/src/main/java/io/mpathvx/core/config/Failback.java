package io.mpathvx.core.config;

/** failback: when to switch back to the highest-priority path group. */
public record Failback(Mode mode, int deferSeconds) {
    public enum Mode { MANUAL, IMMEDIATE, FOLLOWOVER, DEFERRED }

    public static final Failback MANUAL = new Failback(Mode.MANUAL, 0);
    public static final Failback IMMEDIATE = new Failback(Mode.IMMEDIATE, 0);
    public static final Failback FOLLOWOVER = new Failback(Mode.FOLLOWOVER, 0);

    public Failback {
        if (mode == Mode.DEFERRED ? deferSeconds < 1 : deferSeconds != 0)
            throw new IllegalArgumentException("deferSeconds " + deferSeconds + " for " + mode);
    }

    public static Failback deferred(int seconds) {
        return new Failback(Mode.DEFERRED, seconds);
    }

    @Override
    public String toString() {
        return mode == Mode.DEFERRED ? Integer.toString(deferSeconds) : mode.name().toLowerCase();
    }
}
