package io.mpathvx.reconciler.naming;

import java.util.Objects;

/** One line of the bindings file: a user-friendly name and the WWID it belongs to. */
public record Binding(String alias, String wwid) {
    public Binding {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(wwid, "wwid");
    }
}
