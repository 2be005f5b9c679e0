package io.mpathvx.checkers;

import java.util.Set;
import java.util.TreeSet;

/** A configuration named a checker this build does not have. */
public final class UnknownCheckerException extends IllegalArgumentException {
    private final String name;

    public UnknownCheckerException(String name, Set<String> known) {
        super("unknown path checker \"" + name + "\"; known: " + new TreeSet<>(known));
        this.name = name;
    }

    public String name() {
        return name;
    }
}
