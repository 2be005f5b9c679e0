package io.mpathvx.api.cli;

import java.util.List;

/**
 * A path group of a map as multipathd prints it (libmultipath struct pathgroup).
 *
 * @param selector the map's path selector, e.g. "service-time 0"
 * @param priority the group's priority
 * @param state    the group's state in the device-mapper status
 * @param marginal whether the group holds the marginal paths
 * @param paths    the group's paths in table order
 */
public record CliGroup(String selector, int priority, State state, boolean marginal, List<CliPath> paths) {
    public CliGroup {
        selector = selector == null ? "" : selector;
        state = state == null ? State.UNDEF : state;
        paths = List.copyOf(paths);
    }

    /** Group states, with the words print.c snprint_pg_state uses. */
    public enum State {
        UNDEF("undef"), ENABLED("enabled"), DISABLED("disabled"), ACTIVE("active");

        final String text;

        State(String text) {
            this.text = text;
        }
    }
}
