package io.mpathvx.api.cli;

/**
 * Why multipathd's parser rejected a command line (multipathd/cli.c get_cmdvec), with
 * the Linux errno value multipathd uses for it.
 */
public enum CliError {
    /** No words at all: null, blank, or a comment line (upstream: allocation failed). */
    ENOMEM(12),
    /** The last word is not a keyword or a unique prefix of one. */
    ESRCH(3),
    /** A word before the last is not a keyword or a unique prefix of one. */
    ENOENT(2),
    /** A keyword that takes a parameter ends the line. */
    EINVAL(22);

    private final int errno;

    CliError(int errno) {
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
