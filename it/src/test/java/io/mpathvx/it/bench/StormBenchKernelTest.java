package io.mpathvx.it.bench;

import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;
import io.mpathvx.dm.LinuxDmControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The real-kernel storm benchmark (issue 9), run by {@code it/bench-real-kernel} in one guest boot with udevd running.
 * For each size N (LUNs × 2 paths, scsi_debug): the raw limit (a LinuxDmControl create+load+resume loop, then a
 * remove loop, over the same paths), mpathvx (the real launcher, {@code ./mpathvx daemon}) and Debian's multipathd,
 * each started and ready before a host-rescan add storm and a device-delete remove storm, with the same
 * configuration. Printed and written to $MPATHVX_RESULTS/storm-bench.md; asserts only that every storm converged.
 * System properties: bench.sizes (default 64,256,1024), bench.multipathdSizes (64,256), bench.profileSize (256:
 * mpathvx runs under JFR at that size and the profile is summarised), bench.daemonArgs (launcher options for mpathvx,
 * comma-separated, e.g. --small).
 */
@Tag("real-kernel")
@Tag("benchmark")
class StormBenchKernelTest {
    private static final Duration STORM = Duration.ofMinutes(30);
    private static final Path SCSI_DEBUG = Path.of("/sys/bus/pseudo/drivers/scsi_debug");
    private static final String API = "http://127.0.0.1:7755";
    /** multipath-tools' udev rules: masked while the raw loop and mpathvx run (a host without multipath-tools). */
    private static final List<String> MULTIPATH_RULES = List.of("56-dm-mpath.rules", "60-multipath.rules", "60-kpartx.rules");
    static final String CONFIG = """
            defaults {
                polling_interval 5
                find_multipaths no
                user_friendly_names yes
            }
            devices {
                device {
                    vendor "Linux"
                    product "scsi_debug"
                    path_grouping_policy multibus
                    hardware_handler "1 alua"
                    path_checker tur
                    failback immediate
                    no_path_retry 12
                }
            }
            """;

    private static LinuxDmControl dm;
    private static Path report;
    private static Path work;

    @BeforeAll
    static void guest() throws Exception {
        GuestKernel.assumeGuest();
        // state of both daemons in a tmpfs (the guest's /etc is the host's, read-only)
        if (!Files.isDirectory(Path.of("/etc/multipath"))) {
            throw new IllegalStateException("/etc/multipath must exist on the host (it/bench-real-kernel makes it)");
        }
        GuestKernel.sh("mount -t tmpfs tmpfs /etc/multipath && mkdir -p /etc/multipath/conf.d "
                + "&& mount -t tmpfs tmpfs /etc/udev/rules.d").orThrow("tmpfs mounts");
        maskMultipathRules(true);
        GuestKernel.sh("/lib/systemd/systemd-udevd --daemon && udevadm control --ping").orThrow("udevd");
        GuestKernel.sh("ip link set lo up").orThrow("loopback up (the admin API listens on 127.0.0.1)");
        dm = LinuxDmControl.open();
        work = Files.createTempDirectory("bench");
        Files.writeString(work.resolve("multipath.conf"), CONFIG);
        report = GuestKernel.resultsDir().resolve("storm-bench.md");
        Files.writeString(report, "");
        emit("Guest: kernel " + GuestKernel.sh("uname -r").output().strip() + ", "
                + Runtime.getRuntime().availableProcessors() + " vCPUs (QEMU/TCG), udevd running; "
                + GuestKernel.sh("dpkg-query -W -f '${Package} ${Version}' multipath-tools").output().strip() + "\n\n");
    }

    @AfterAll
    static void tearDown() {
        if (dm != null) dm.close();
        unloadScsiDebug();
    }

    @Test
    @Timeout(value = 4, unit = TimeUnit.HOURS) // the tier's 300 s default is for tests, not this
    void stormsAtEachSize() throws Exception {
        List<Integer> sizes = ints(System.getProperty("bench.sizes", "64,256,1024"));
        List<Integer> mpd = ints(System.getProperty("bench.multipathdSizes", "64,256"));
        int profiled = Integer.parseInt(System.getProperty("bench.profileSize", "256"));
        emit("| LUNs × 2 | who | rescan (s) | add beyond rescan (s) | deletes (s) | remove beyond deletes (s) "
                + "| admin query p50 / p99 / max during add | peak threads | peak RSS (MB) | CPU (s) |\n"
                + "|---|---|---:|---:|---:|---:|---|---:|---:|---:|\n");
        Map<String, Row> rows = new LinkedHashMap<>();
        for (int n : sizes) {
            Row raw = raw(n);
            Row ours = daemon(n, "mpathvx", n == profiled);
            rows.put(n + " raw", raw);
            rows.put(n + " mpathvx", ours);
            if (mpd.contains(n)) rows.put(n + " multipathd", daemon(n, "multipathd", false));
        }
        StringBuilder ratios = new StringBuilder("\nRatios (add = beyond the rescan, remove = beyond the deletes):\n\n");
        for (int n : sizes) {
            Row raw = rows.get(n + " raw");
            Row ours = rows.get(n + " mpathvx");
            ratios.append(String.format("- %d LUNs: mpathvx/raw add %.1f×, remove %.1f×", n,
                    ours.add / raw.add, ours.remove / raw.remove));
            Row theirs = rows.get(n + " multipathd");
            if (theirs != null) {
                ratios.append(String.format("; multipathd/mpathvx add %.1f×, remove %.1f×, CPU %.1f×",
                        theirs.add / ours.add, theirs.remove / ours.remove, theirs.cpu / ours.cpu));
            }
            ratios.append('\n');
        }
        emit(ratios.toString());
    }

    /**
     * The data path (the seeds' null_blk + fio method): fio 4k random reads, iodepth 32, libaio, direct, on a
     * multipath map over null_blk, with mpathvx running 1,024 checkers at polling_interval 1 on a scsi_debug SAN
     * versus stopped; runs alternate (off, on, off, on) so drift hits both sides.
     */
    @Test
    @Timeout(value = 1, unit = TimeUnit.HOURS)
    void dataPathIopsWithAndWithoutTheDaemon() throws Exception {
        int luns = Integer.parseInt(System.getProperty("bench.fioLuns", "512"));
        GuestKernel.loadModule("null_blk", "nr_devices=1", "gb=1");
        String nullb = Files.readString(Path.of("/sys/block/nullb0/dev")).strip();
        long sectors = Long.parseLong(Files.readString(Path.of("/sys/block/nullb0/size")).strip());
        dm.create("mpvxdata", "mpvxdata-nullb0");
        dm.loadTable("mpvxdata", List.of(new io.mpathvx.core.kernel.DmTarget(0, sectors, "multipath",
                "0 0 1 1 service-time 0 1 1 " + nullb + " 1")));
        dm.resume("mpvxdata");
        Path conf = work.resolve("checkers.conf");
        Files.writeString(conf, CONFIG.replace("polling_interval 5", "polling_interval 1\n    max_polling_interval 1"));
        Process p = null;
        try {
            List<Integer> hosts = loadFirstLuns(luns);
            rescan(luns, hosts);
            double[] off = new double[2];
            double[] on = new double[2];
            for (int round = 0; round < 2; round++) {
                off[round] = fioIops();
                p = new ProcessBuilder(System.getenv("MPATHVX_REPO") + "/mpathvx", "daemon", "--config", conf.toString())
                        .redirectErrorStream(true).redirectOutput(GuestKernel.resultsDir().resolve("mpathvx-fio.log").toFile()).start();
                MapCounter counter = new MapCounter(dm);
                await().atMost(STORM).pollInterval(Duration.ofMillis(500)).until(() -> counter.mapsWithPaths(2) == luns);
                on[round] = fioIops();
                stop(p);
                GuestKernel.run(STORM, List.of("/bin/sh", "-c", "dmsetup ls --target multipath | cut -f1 | grep -v mpvxdata"
                        + " | while read m; do dmsetup remove --noudevsync \"$m\"; done")).orThrow("remove the maps");
            }
            emit(String.format("%nData path: fio randread 4k, iodepth 32, libaio, direct, 20 s, on a multipath map over null_blk; "
                    + "mpathvx checking %d paths every second: %.0f and %.0f IOPS with it, %.0f and %.0f without: %.1f %%%n",
                    2 * luns, on[0], on[1], off[0], off[1], 100 * (on[0] + on[1]) / (off[0] + off[1])));
        } finally {
            if (p != null) stop(p);
            GuestKernel.dmsetup("remove_all", "--force");
            unloadScsiDebug();
            GuestKernel.unloadModule("null_blk");
        }
    }

    private static double fioIops() throws IOException {
        String out = GuestKernel.run(Duration.ofMinutes(5), List.of("fio", "--name=randread", "--filename=/dev/mapper/mpvxdata",
                "--rw=randread", "--bs=4k", "--iodepth=32", "--ioengine=libaio", "--direct=1", "--runtime=20",
                "--time_based", "--output-format=terse", "--terse-version=3")).orThrow("fio").output();
        // terse v3: field 8 (1-based) is read IOPS
        String line = out.lines().filter(l -> l.startsWith("3;")).findFirst().orElseThrow(() -> new IllegalStateException("fio: " + out));
        return Double.parseDouble(line.split(";")[7]);
    }

    /** One measured run's numbers; seconds. */
    private record Row(double rescan, double add, double deletes, double remove, double cpu) {
    }

    /** The limit: the same paths, maps made and removed by a tight ioctl loop with no daemon. */
    private Row raw(int n) throws Exception {
        List<Integer> hosts = loadFirstLuns(n);
        double rescan = rescan(n, hosts);
        // the limit: no udev work on the new disks competing with the loop (the daemons do compete with it)
        GuestKernel.run(STORM, List.of("udevadm", "settle", "--timeout=1800")).orThrow("udevadm settle");
        Map<String, List<ScsiDisk>> byWwid = new LinkedHashMap<>();
        for (ScsiDisk d : GuestKernel.scsiDebugDisks()) byWwid.computeIfAbsent(d.wwid(), k -> new ArrayList<>()).add(d);
        assertEquals(n, byWwid.size());
        long sectors = Long.parseLong(Files.readString(Path.of("/sys/block", byWwid.values().iterator().next().get(0).name(), "size")).trim());
        long t0 = System.nanoTime();
        long[] spent = new long[3]; // create, load, resume: where the limit's time goes
        int i = 0;
        for (Map.Entry<String, List<ScsiDisk>> lun : byWwid.entrySet()) {
            String name = "mpvxraw" + i++;
            List<ScsiDisk> p = lun.getValue();
            long a = System.nanoTime();
            dm.create(name, "mpath-" + lun.getKey());
            long b = System.nanoTime();
            dm.loadTable(name, List.of(new io.mpathvx.core.kernel.DmTarget(0, sectors, "multipath",
                    "1 queue_if_no_path 1 alua 1 1 service-time 0 2 1 " + p.get(0).devt() + " 1 " + p.get(1).devt() + " 1")));
            long c = System.nanoTime();
            dm.resume(name);
            spent[0] += b - a;
            spent[1] += c - b;
            spent[2] += System.nanoTime() - c;
        }
        double add = seconds(t0);
        System.out.printf("raw %d: create %.2f s, load %.2f s, resume %.2f s%n", n, spent[0] / 1e9, spent[1] / 1e9, spent[2] / 1e9);
        long t1 = System.nanoTime();
        for (int j = 0; j < n; j++) dm.remove("mpvxraw" + j, false);
        double remove = seconds(t1);
        unloadScsiDebug();
        emit(String.format("| %d | raw DmControl loop | %.1f | %.2f | | %.2f | | 1 | | |%n", n, rescan, add, remove));
        return new Row(rescan, add, 0, remove, 0);
    }

    private Row daemon(int n, String who, boolean profile) throws Exception {
        List<Integer> hosts = loadFirstLuns(n);
        int first = n / lunsPerTarget(n);
        Path log = GuestKernel.resultsDir().resolve(who + "-" + n + ".log");
        Path jfr = GuestKernel.resultsDir().resolve("mpathvx-" + n + ".jfr");
        ProcessBuilder pb;
        Callable<Boolean> query;
        if (who.equals("mpathvx")) {
            // the API on TCP, as a monitoring client would query it (TCP needs a token)
            String token = "bench-" + UUID.randomUUID();
            Path tokenFile = work.resolve("api-token");
            Files.writeString(tokenFile, token);
            Files.setPosixFilePermissions(tokenFile, PosixFilePermissions.fromString("rw-------"));
            List<String> cmd = new ArrayList<>(List.of(System.getenv("MPATHVX_REPO") + "/mpathvx", "daemon",
                    "--config", work.resolve("multipath.conf").toString(),
                    "--api", API.substring("http://".length()), "--api-token-file", tokenFile.toString()));
            // launcher options under test, e.g. --small (-Dbench.daemonArgs, from bench-real-kernel --daemon-args)
            for (String a : System.getProperty("bench.daemonArgs", "").split(",")) if (!a.isBlank()) cmd.add(a);
            pb = new ProcessBuilder(cmd);
            if (profile) pb.environment().put("MPATHVX_JAVA_OPTS", "-XX:StartFlightRecording=filename=" + jfr + ",settings=profile,dumponexit=true");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpRequest maps = HttpRequest.newBuilder(URI.create(API + "/v1/maps")).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofSeconds(30)).build();
            query = () -> http.send(maps, HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
        } else {
            maskMultipathRules(false);
            Files.writeString(Path.of("/etc/multipath/conf.d/bench.conf"), CONFIG);
            pb = new ProcessBuilder("/sbin/multipathd", "-d", "-s");
            query = () -> GuestKernel.run(Duration.ofSeconds(30), List.of("multipathd", "show", "maps")).ok();
        }
        Files.deleteIfExists(Path.of("/etc/multipath/bindings"));
        Files.deleteIfExists(Path.of("/etc/multipath/wwids"));
        Process p = pb.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        MapCounter counter = new MapCounter(dm);
        try (ProcessMeter meter = new ProcessMeter(p.pid())) {
            await().atMost(STORM).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() ->
                    p.isAlive() && query.call() && counter.mapsWithPaths(2) == first);
            meter.mark();
            counter.reset();
            Instant stormStart = Instant.now();
            long t0 = System.nanoTime();
            double rescan;
            String latency;
            try (QueryTimer timer = new QueryTimer(who, query)) {
                rescan = rescan(n, hosts);
                await().atMost(STORM).pollInterval(Duration.ofMillis(200)).until(() -> counter.mapsWithPaths(2) == n);
                latency = timer.summary();
            }
            double add = seconds(t0) - rescan;
            Instant addEnd = Instant.now();
            long t1 = System.nanoTime();
            for (ScsiDisk d : GuestKernel.scsiDebugDisks()) {
                Files.writeString(Path.of("/sys/block", d.name(), "device/delete"), "1");
            }
            double deletes = seconds(t1);
            await().atMost(STORM).pollInterval(Duration.ofMillis(200)).until(() -> counter.maps() == 0);
            double remove = seconds(t1) - deletes;
            Row row = new Row(rescan, add, deletes, remove, meter.cpuSinceMark());
            emit(String.format("| %d | %s | %.1f | %.2f | %.1f | %.2f | %s | %d | %d | %.1f |%n", n, who, rescan, add,
                    deletes, remove, latency, meter.peakThreads(), meter.peakRssMb(), row.cpu));
            stop(p);
            if (profile) {
                emit("\nProfile of mpathvx's add storm at " + n + " LUNs (JFR, settings=profile, " + stormStart + " to "
                        + addEnd + "):\n\n" + JfrSummary.summarize(jfr, stormStart, addEnd) + "\n");
            }
            return row;
        } finally {
            stop(p);
            if (!who.equals("mpathvx")) {
                Files.deleteIfExists(Path.of("/etc/multipath/conf.d/bench.conf"));
                maskMultipathRules(true);
            }
            GuestKernel.dmsetup("remove_all", "--force");
            unloadScsiDebug();
        }
    }

    /** udevd's workers hold new disks open while they probe them (for minutes under emulation): wait, then unload. */
    private static void unloadScsiDebug() {
        GuestKernel.run(STORM, List.of("udevadm", "settle", "--timeout=1800"));
        GuestKernel.unloadScsiDebug();
    }

    /** SIGTERM, as systemd stops a daemon; JFR writes its recording on the way out. */
    private static void stop(Process p) throws InterruptedException {
        if (!p.isAlive()) return;
        p.destroy();
        if (!p.waitFor(2, TimeUnit.MINUTES)) p.destroyForcibly().waitFor();
    }

    /** LUNs per target: at most 128 (scsi_debug's flat LUN space above 256 is avoided). */
    private static int lunsPerTarget(int n) {
        return Math.min(n, 128);
    }

    /** scsi_debug with one LUN per target on two hosts (same WWIDs on both); returns the host numbers. */
    private static List<Integer> loadFirstLuns(int n) {
        int targets = n / lunsPerTarget(n);
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug(2 * targets, "add_host=2", "num_tgts=" + targets,
                "max_luns=1", "vpd_use_hostno=0", "dev_size_mb=1");
        return disks.stream().map(d -> d.address().host()).distinct().toList();
    }

    /** The add storm: every target grows to its LUNs by one scan per host, as after a SAN mapping change. */
    private static double rescan(int n, List<Integer> hosts) throws IOException {
        long t0 = System.nanoTime();
        Files.writeString(SCSI_DEBUG.resolve("max_luns"), Integer.toString(lunsPerTarget(n)));
        for (int host : hosts) Files.writeString(Path.of("/sys/class/scsi_host", "host" + host, "scan"), "- - -");
        await().atMost(STORM).pollInterval(Duration.ofMillis(200)).until(() -> GuestKernel.scsiDebugDisks().size() == 2 * n);
        return seconds(t0);
    }

    private static void maskMultipathRules(boolean mask) throws IOException {
        for (String rule : MULTIPATH_RULES) {
            Path link = Path.of("/etc/udev/rules.d", rule);
            Files.deleteIfExists(link);
            if (mask) Files.createSymbolicLink(link, Path.of("/dev/null"));
        }
        GuestKernel.sh("udevadm control --reload 2>/dev/null; true");
    }

    private static void emit(String text) throws IOException {
        System.out.print(text);
        System.out.flush();
        Files.writeString(report, text, StandardOpenOption.APPEND);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::parseInt).toList();
    }
}
