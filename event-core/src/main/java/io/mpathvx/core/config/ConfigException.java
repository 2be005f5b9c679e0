package io.mpathvx.core.config;

/**
 * A configuration that cannot be used because its meaning is unclear (unbalanced braces, a
 * section without '{', an unreadable file). The message is {@code FILE:LINE: problem}; line 0
 * means the problem concerns the file as a whole.
 */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final int line;
    private final String problem;

    public ConfigException(String file, int line, String problem) {
        super(file + ":" + line + ": " + problem);
        this.file = file;
        this.line = line;
        this.problem = problem;
    }

    public ConfigException(String file, int line, String problem, Throwable cause) {
        this(file, line, problem);
        initCause(cause);
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String problem() {
        return problem;
    }
}
