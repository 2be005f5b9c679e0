package io.mpathvx.core.testkit;

/** Exit status and merged stdout+stderr of a command run by {@link GuestKernel#run}. */
public record CommandResult(int exitCode, String output) {
    public boolean ok() {
        return exitCode == 0;
    }

    /** Returns this when the command exited 0, otherwise throws with its output. */
    public CommandResult orThrow(String what) {
        if (exitCode != 0) throw new IllegalStateException(what + " exited " + exitCode + ": " + output.strip());
        return this;
    }
}
