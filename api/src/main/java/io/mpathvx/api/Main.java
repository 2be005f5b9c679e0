package io.mpathvx.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Properties;

/** Command-line entry point: {@code mpathvx daemon|dry-run [options]}. Exit codes: 0 ok, 1 failure, 2 usage or config error. */
public final class Main {
    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;

    private Main() {
    }

    static final String TASK_QUANTUM = "io.netty.eventLoop.maxTaskProcessingQuantumMs";

    public static void main(String[] args) {
        // Netty runs queued tasks for up to this long before it looks at I/O and due timers again (default 1 s, the
        // least it takes 100 ms): in a storm the queue never empties, and timers and API requests waited 1 s
        if (System.getProperty(TASK_QUANTUM) == null) System.setProperty(TASK_QUANTUM, "100");
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (ClientCommand.isClientCommand(args)) return ClientCommand.run(args, out, err);
        CommandLine cl;
        try {
            cl = CommandLine.parse(args);
        } catch (CommandLine.UsageException e) {
            err.println("mpathvx: " + e.getMessage());
            err.println("Try 'mpathvx --help'.");
            return USAGE;
        }
        if (cl.flag("--version")) {
            out.println("mpathvx " + version());
            return OK;
        }
        if (cl.flag("--help") || cl.command() == null) {
            out.print(HELP);
            return cl.command() == null && !cl.flag("--help") ? USAGE : OK;
        }
        LogSetup.configure(cl.verbosity());
        return switch (cl.command()) {
            case "daemon" -> DaemonCommand.run(cl, out, err);
            case "dry-run" -> DryRunCommand.run(cl, out, err);
            default -> {
                err.println("mpathvx: unknown command '" + cl.command() + "'. Try 'mpathvx --help'.");
                yield USAGE;
            }
        };
    }

    static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final String HELP = """
            mpathvx - event-driven multipath device manager for Linux

            Usage:
              mpathvx daemon [--config FILE] [--socket PATH] [--api HOST:PORT --api-token-file FILE]
                           [--api-read-group GROUP] [--state-dir DIR] [-v|-vv|-q]
                  Manage multipath maps on this host's real kernel (needs root and /dev/mapper/control).
              mpathvx daemon --sim TOPOLOGY.json [--config FILE] [--socket PATH] [-v|-vv|-q]
                  Run everything but the kernel against a simulated SAN described in TOPOLOGY.json
                  (example: examples/san-small.json). No root or device-mapper needed.
              mpathvx dry-run [--sim TOPOLOGY.json] [--config FILE] [--json]
                  Print, per map, the action the daemon would take and the exact table; touches nothing.
              mpathvx [--socket PATH] [--json] COMMAND...
                  Send a multipathd command to the running daemon and print the reply, e.g.
                  mpathvx show topology, mpathvx show maps format "%n %w %d", mpathvx fail path sdb,
                  mpathvx switchgroup map mpatha group 2, mpathvx reconfigure (see docs/cli.md).
                  Also: mpathvx -k"show maps", mpathvx -ll, mpathvx -f MAP, mpathvx -F.
              mpathvx --version | --help

            Options:
              --config FILE      multipath.conf to read (default /etc/multipath.conf; config_dir applies)
              --sim TOPOLOGY     use the simulated kernel with this SAN topology instead of the real kernel
              --socket PATH      admin socket (default /run/mpathvx/mpathvx.sock; other users /tmp/mpathvx-UID/;
                         mode 0600; the client also reads MPATHVX_SOCKET)
              --api HOST:PORT    also serve the admin API on TCP; every request then needs the bearer token
              --api-token-file F the token for --api (the file must be mode 0600)
              --api-read-group G members of group G may read (not act) through the socket (mode 0660)
              --state-dir DIR    where bindings and wwids files live when --sim is used (default: a temp dir)
              --log-level LEVEL  error|warn|info|debug|trace; -v = debug, -vv = trace, -q = warnings only
              --json             dry-run: machine-readable output

            Exit codes: 0 success, 1 runtime failure, 2 usage or configuration error (FILE:LINE: problem).
            """;
}
