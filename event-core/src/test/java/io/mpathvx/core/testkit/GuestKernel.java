package io.mpathvx.core.testkit;

import static org.awaitility.Awaitility.await;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.ScsiAddress;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The real kernel of the QEMU test guest (it/vm/run-tier.sh), for {@code @Tag("real-kernel")} tests:
 * kernel modules, scsi_debug disks as a SAN, path state changes through sysfs, and shell commands.
 * Everything here blocks; call it from test threads, never from an event loop.
 * See docs/real-kernel-tier.md.
 */
public final class GuestKernel {
    /** How long scsi_debug disks and module loads may take to appear under emulation. */
    public static final Duration SETTLE = Duration.ofSeconds(60);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);
    private static final Path SYS_BLOCK = Path.of("/sys/block");
    private static final Path SCSI_DEBUG_DRIVER = Path.of("/sys/bus/pseudo/drivers/scsi_debug");

    private GuestKernel() {
    }

    /** True inside the test guest: set up by it/vm/guest-init.sh, with a device-mapper. */
    public static boolean inGuest() {
        return "1".equals(System.getenv("MPATHVX_GUEST")) && Files.exists(Path.of("/dev/mapper/control"));
    }

    /** Skips the calling test (JUnit assumption) unless it runs inside the test guest. */
    public static void assumeGuest() {
        Assumptions.assumeTrue(inGuest(), "not in the real-kernel guest (run it/vm/run-tier.sh)");
    }

    /** Directory of the guest's decompressed .ko files and their {@code <name>.dep} lists. */
    public static Path modulesDir() {
        String dir = System.getenv("MPATHVX_MODULES");
        return Path.of(dir == null ? "/tmp/mpathvx-modules" : dir);
    }

    /** Writable per-run results directory shared with the host (it/vm/work/results). */
    public static Path resultsDir() {
        String dir = System.getenv("MPATHVX_RESULTS");
        return Path.of(dir == null ? System.getProperty("java.io.tmpdir") : dir);
    }

    /** Module name as the kernel spells it in /sys/module ('-' becomes '_'). */
    static String moduleName(String name) {
        return name.replace('-', '_');
    }

    /** Loaded (or built in): the kernel shows it under /sys/module. */
    public static boolean isModuleLoaded(String name) {
        return Files.isDirectory(Path.of("/sys/module", moduleName(name)));
    }

    /**
     * Loads a module shipped with the guest (like modprobe): its dependencies first, then the module
     * with the given parameters ({@code "key=value"} each). No-op when it is already loaded.
     */
    public static void loadModule(String name, String... params) {
        String mod = moduleName(name);
        if (isModuleLoaded(mod)) return;
        Path ko = modulesDir().resolve(mod + ".ko");
        if (!Files.exists(ko)) throw new IllegalArgumentException("module " + mod + " is not shipped to the guest (" + ko + "); add it to EXTRA_MODULES in it/vm/setup-host.sh");
        Path dep = modulesDir().resolve(mod + ".dep");
        if (Files.exists(dep)) {
            for (String d : read(dep).split("\\s+")) {
                // a dependency that fails (e.g. a CPU-specific crc variant) is not fatal: the module load says if it was needed
                if (!d.isEmpty() && !isModuleLoaded(d) && Files.exists(modulesDir().resolve(d + ".ko"))) {
                    run(command("insmod", modulesDir().resolve(d + ".ko").toString()));
                }
            }
        }
        List<String> cmd = command("insmod", ko.toString());
        cmd.addAll(Arrays.asList(params));
        run(cmd).orThrow("insmod " + mod);
    }

    /** Unloads a module (rmmod); fails with the kernel's message when it is in use. */
    public static void unloadModule(String name) {
        if (!isModuleLoaded(name)) return;
        run(command("rmmod", moduleName(name))).orThrow("rmmod " + moduleName(name));
        await().atMost(SETTLE).until(() -> !Files.exists(Path.of("/sys/module", moduleName(name))));
    }

    /**
     * Loads scsi_debug with the given parameters (space separated, e.g.
     * {@code "add_host=2 vpd_use_hostno=0 dev_size_mb=4"}) and waits until all its disks
     * (add_host × num_tgts × max_luns, each default 1) are visible with a WWID. A scsi_debug still
     * loaded from an earlier test is unloaded first.
     */
    public static List<ScsiDisk> loadScsiDebug(String params) {
        String[] p = params.isBlank() ? new String[0] : params.trim().split("\\s+");
        int expected = intParam(p, "add_host", 1) * intParam(p, "num_tgts", 1) * intParam(p, "max_luns", 1);
        return loadScsiDebug(expected, p);
    }

    /** As {@link #loadScsiDebug(String)} but waits for exactly {@code expectedDisks} disks. */
    public static List<ScsiDisk> loadScsiDebug(int expectedDisks, String... params) {
        unloadScsiDebug();
        loadModule("scsi_debug", params);
        return awaitScsiDebugDisks(expectedDisks);
    }

    /** Waits until scsi_debug shows exactly {@code count} disks with a WWID; returns them. */
    public static List<ScsiDisk> awaitScsiDebugDisks(int count) {
        await().atMost(SETTLE).pollInterval(Duration.ofMillis(100))
                .until(() -> scsiDebugDisks().size() == count);
        return scsiDebugDisks();
    }

    /**
     * Removes every scsi_debug disk and unloads the module. Remove your maps on its disks first: maps
     * an earlier test left behind are removed here ({@code dmsetup remove_all --force}) with a
     * warning on stderr, so one leaking test does not fail every later one.
     */
    public static void unloadScsiDebug() {
        if (!isModuleLoaded("scsi_debug")) return;
        CommandResult first = run(command("rmmod", "scsi_debug"));
        if (!first.ok()) {
            System.err.println("GuestKernel: scsi_debug is in use (" + first.output().strip()
                    + "); removing leftover dm devices: " + dmsetup("ls").output().strip());
            try {
                await().atMost(SETTLE).pollInterval(Duration.ofMillis(500)).until(() -> {
                    dmsetup("remove_all", "--force");
                    return run(command("rmmod", "scsi_debug")).ok() || !isModuleLoaded("scsi_debug");
                });
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new IllegalStateException("scsi_debug stays in use: " + whatHoldsDisks(), e);
            }
        }
        await().atMost(SETTLE).until(() -> !isModuleLoaded("scsi_debug"));
    }

    /** For error messages: dm devices left, and this JVM's own open fds on SCSI disks. */
    static String whatHoldsDisks() {
        StringBuilder why = new StringBuilder();
        why.append("refcnt=").append(sh("cat /sys/module/scsi_debug/refcnt 2>&1").output().strip());
        why.append("; dm devices: ").append(dmsetup("ls").output().strip());
        why.append("; this JVM has open: ");
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("/dev/sd") || target.startsWith("/dev/dm-") || target.startsWith("/dev/mapper/")) {
                        why.append(target).append(' ');
                    }
                } catch (IOException ignored) {
                    // fd closed while listing
                }
            });
        } catch (IOException e) {
            why.append("(cannot list /proc/self/fd)");
        }
        return why.toString().strip();
    }

    /** The scsi_debug disks present now, sorted by SCSI address. */
    public static List<ScsiDisk> scsiDebugDisks() {
        List<ScsiDisk> disks = new ArrayList<>();
        if (!Files.isDirectory(SYS_BLOCK)) return disks;
        try (Stream<Path> s = Files.list(SYS_BLOCK)) {
            for (Path block : (Iterable<Path>) s::iterator) {
                ScsiDisk d = scsiDebugDisk(block);
                if (d != null) disks.add(d);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        disks.sort(Comparator.comparing((ScsiDisk d) -> d.address().host())
                .thenComparing(d -> d.address().channel()).thenComparing(d -> d.address().target())
                .thenComparing(d -> d.address().lun()));
        return disks;
    }

    private static ScsiDisk scsiDebugDisk(Path block) {
        try {
            Path device = block.resolve("device");
            if (!Files.exists(device.resolve("model")) || !"scsi_debug".equals(read(device.resolve("model")))) return null;
            String wwid = read(device.resolve("wwid"));
            if (wwid.isEmpty()) return null;
            ScsiAddress address = ScsiAddress.parse(Files.readSymbolicLink(device).getFileName().toString());
            return new ScsiDisk(block.getFileName().toString(), DevT.parse(read(block.resolve("dev"))), address, wwid);
        } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
            return null; // disk appearing or going away right now
        }
    }

    /** The SCSI device state ({@code running}, {@code offline}, ...). */
    public static String state(ScsiDisk disk) {
        return read(SYS_BLOCK.resolve(disk.name()).resolve("device/state"));
    }

    /** Path down: I/O to the disk fails from now on. */
    public static void setOffline(ScsiDisk disk) {
        write(SYS_BLOCK.resolve(disk.name()).resolve("device/state"), "offline");
    }

    /** Path back up after {@link #setOffline}. */
    public static void setRunning(ScsiDisk disk) {
        write(SYS_BLOCK.resolve(disk.name()).resolve("device/state"), "running");
    }

    /** Path gone: deletes the SCSI device and waits until its block device has disappeared. */
    public static void delete(ScsiDisk disk) {
        write(SYS_BLOCK.resolve(disk.name()).resolve("device/delete"), "1");
        await().atMost(SETTLE).until(() -> !Files.exists(SYS_BLOCK.resolve(disk.name())));
    }

    /** Scans a SCSI host for new devices (brings deleted disks back). */
    public static void rescanHost(int host) {
        write(Path.of("/sys/class/scsi_host", "host" + host, "scan"), "- - -");
    }

    /** Adds ({@code +1}) or removes ({@code -1}) scsi_debug hosts at runtime. */
    public static void changeScsiDebugHosts(int delta) {
        write(SCSI_DEBUG_DRIVER.resolve("add_host"), Integer.toString(delta));
    }

    /**
     * Runs dmsetup (no udev in the guest) and returns its result. dmsetup is a precondition of the tier
     * (run-tier.sh and guest-junit.sh fail without it), so tests call it unconditionally.
     */
    public static CommandResult dmsetup(String... args) {
        List<String> cmd = command("dmsetup", "--noudevsync");
        cmd.addAll(Arrays.asList(args));
        return run(cmd);
    }

    /** Runs a shell command line ({@code sh -c}) with the default timeout. */
    public static CommandResult sh(String commandLine) {
        return run(command("/bin/sh", "-c", commandLine));
    }

    public static CommandResult run(List<String> command) {
        return run(COMMAND_TIMEOUT, command);
    }

    /**
     * Runs a command, stdout and stderr merged, and returns its exit status and output. Throws
     * {@link IllegalStateException} when it does not finish within {@code timeout} (it is killed).
     */
    public static CommandResult run(Duration timeout, List<String> command) {
        File out = null;
        try {
            out = File.createTempFile("mpathvx-cmd", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(out).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("timed out after " + timeout + ": " + command
                        + "; output so far: " + Files.readString(out.toPath(), StandardCharsets.UTF_8));
            }
            return new CommandResult(p.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        } finally {
            if (out != null && !out.delete()) out.deleteOnExit();
        }
    }

    private static List<String> command(String... words) {
        return new ArrayList<>(Arrays.asList(words));
    }

    private static int intParam(String[] params, String key, int dflt) {
        for (String p : params) {
            if (p.startsWith(key + "=")) return Integer.parseInt(p.substring(key.length() + 1));
        }
        return dflt;
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a sysfs attribute, newline-terminated like echo: some stores (device/state) require it. */
    static void write(Path file, String value) {
        try {
            Files.writeString(file, value.endsWith("\n") ? value : value + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write '" + value + "' to " + file, e);
        }
    }
}
