package io.mpathvx.api.cli;

/**
 * The reply multipathd sends for a command it cannot run (mirrors uxlsnr.c default_reply
 * and cli.c do_genhelp): "fail", a line naming the problem, then the command reference.
 */
public final class CliHelp {
    private CliHelp() {
    }

    /**
     * @param command     the command line as received
     * @param error       why the parser rejected it
     * @param versionLine the program's version line, newline included
     */
    public static String parseFailure(String command, CliError error, String versionLine) {
        return switch (error) {
            // upstream prints no help for ENOENT: default_reply has no case for it
            case ENOENT -> "fail\n";
            case ENOMEM -> "fail\n" + command + ": Not enough memory\n" + reference(versionLine);
            case ESRCH -> "fail\n" + command + ": not found\n" + reference(versionLine);
            case EINVAL -> noHandler(command, versionLine);
        };
    }

    /**
     * The reply for a command that parses but has no handler; upstream reports it as
     * EINVAL, hence the "Missing argument" wording.
     */
    public static String noHandler(String command, String versionLine) {
        return "fail\n" + command + ": Missing argument\n" + reference(versionLine);
    }

    /** The command reference: one line per handler, in handler-table order. */
    public static String reference(String versionLine) {
        StringBuilder text = new StringBuilder(versionLine).append("CLI commands reference:\n");
        for (Handler handler : Handler.values()) {
            text.append(' ').append(handler.usage()).append('\n');
        }
        return text.toString();
    }
}
