package io.mpathvx.api;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code mpathvx daemon} as a process of its own (this JVM's java and class path running {@link Main}, as the
 * launcher does with the jar), with this test as its systemd: it is ready when READY=1 arrives on $NOTIFY_SOCKET.
 * Its output goes to a file, shown when something fails.
 */
final class DaemonProcess implements AutoCloseable {
    private final Process process;
    private final NotifyReceiver notify;
    private final Path log;
    private final double readySeconds;

    private DaemonProcess(Process process, NotifyReceiver notify, Path log, double readySeconds) {
        this.process = process;
        this.notify = notify;
        this.log = log;
        this.readySeconds = readySeconds;
    }

    /** Starts the daemon with {@code args} after "daemon" and returns once it has sent READY=1. */
    static DaemonProcess startReady(Path dir, String name, Duration timeout, String... args) throws IOException {
        return startReady(dir, name, timeout, List.of(), args);
    }

    /** As {@link #startReady(Path, String, Duration, String...)} with extra JVM options (system properties, GC log). */
    static DaemonProcess startReady(Path dir, String name, Duration timeout, List<String> jvm, String... args)
            throws IOException {
        Files.createDirectories(dir);
        Path socket = Files.createTempDirectory("mpathvx-notify").resolve("notify");
        NotifyReceiver notify = NotifyReceiver.bind(socket);
        Path log = dir.resolve(name + ".log");
        List<String> daemonArgs = new ArrayList<>(List.of("daemon"));
        daemonArgs.addAll(List.of(args));
        List<String> cmd = javaCommand(daemonArgs.toArray(String[]::new));
        cmd.addAll(1, jvm);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put("NOTIFY_SOCKET", socket.toString());
        long t0 = System.nanoTime();
        Process p = pb.start();
        try {
            while (true) {
                String m = notify.receive(timeout).orElseThrow(() -> new AssertionError(
                        "no READY=1 from the daemon within " + timeout + "; its log:\n" + read(log)));
                if (m.startsWith("READY=1")) break;
            }
        } catch (RuntimeException | Error | IOException e) {
            p.destroyForcibly();
            notify.close();
            throw e;
        }
        return new DaemonProcess(p, notify, log, (System.nanoTime() - t0) / 1e9);
    }

    /** Seconds from the process start to READY=1 (JVM start, discovery, first reconciliation). */
    double readySeconds() {
        return readySeconds;
    }

    boolean alive() {
        return process.isAlive();
    }

    long pid() {
        return process.pid();
    }

    /**
     * The process's threads from /proc, less the JVM's compiler threads (their number changes with the JIT's load) and
     * its attach listener (started by the first jcmd): the threads the daemon itself owns.
     */
    int threads() throws IOException {
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid()), "task"))) {
            return (int) tasks.filter(t -> {
                try {
                    String name = Files.readString(t.resolve("comm")).strip();
                    return !name.startsWith("C1 Compiler") && !name.startsWith("C2 Compiler") && !name.equals("Attach Listener");
                } catch (IOException e) {
                    return false; // ended while listing
                }
            }).count();
        }
    }

    /** SIGKILL: no shutdown hook, nothing turned off, maps left as they are this instant. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(60, TimeUnit.SECONDS)) throw new AssertionError("daemon still alive 60 s after SIGKILL");
    }

    /** SIGTERM, as systemctl stop: the daemon turns queueing off and exits. Returns its exit status. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) throw new AssertionError("daemon still alive 120 s after SIGTERM");
        return process.exitValue();
    }

    String log() {
        return read(log);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
        notify.close();
    }

    /**
     * This JVM's java and class path running {@link Main} with {@code args}. The class-data archive of the JVM running
     * the tests is passed on when there is one (the guest tier makes one): it halves the JVM start under emulation.
     */
    static List<String> javaCommand(String... args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-XX:SharedArchiveFile=")).forEach(cmd::add);
        cmd.addAll(List.of("-cp", cp.replace(File.pathSeparator + File.pathSeparator, File.pathSeparator),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no output)";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
