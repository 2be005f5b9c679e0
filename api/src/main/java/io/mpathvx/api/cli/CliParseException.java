package io.mpathvx.api.cli;

/** A command line multipathd's parser rejects; {@link #error()} says why. */
public final class CliParseException extends Exception {
    private final CliError error;

    CliParseException(CliError error, String commandLine) {
        super(error + ": " + commandLine);
        this.error = error;
    }

    public CliError error() {
        return error;
    }
}
