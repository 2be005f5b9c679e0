package io.mpathvx.api;

import io.mpathvx.core.testkit.CommandResult;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real {@code mpathvx daemon} process in the guest, proven with tools independent of it (dmsetup, sysfs, fio,
 * udevadm): path faults under fio's crc32c-verified writes lose nothing and all paths down beyond no_path_retry fails
 * I/O cleanly (scenario 3 of issue 15); a SIGKILL in the middle of an add storm, then a restart, converges without
 * removing a map or reloading one that was already right (scenario 4). One class: the scenarios share a guest boot.
 * Timings are printed (prefix "scenario"), not asserted: TCG stretches wall-clock time.
 */
@Tag("real-kernel")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class DaemonUnderIoKernelTest {
    private static final Duration LONG = Duration.ofSeconds(180);
    /** JVM start plus discovery in the guest: 1-3 minutes when the host's cores are busy with other work. */
    private static final Duration START = Duration.ofMinutes(6);
    private static final int POLLING = 1;
    /** From GuestConfig.SCSI_DEBUG_DEVICE: queueing lasts NO_PATH_RETRY × POLLING seconds without a path. */
    private static final int NO_PATH_RETRY = 12;

    private Path state;
    private Path config;
    private DaemonProcess daemon;

    @BeforeAll
    static void guestOnly() {
        GuestKernel.assumeGuest();
    }

    @BeforeEach
    void writeConfig() throws Exception {
        state = Files.createTempDirectory("mpathvx-state");
        config = state.resolve("multipath.conf");
        Files.writeString(config, """
                defaults {
                    polling_interval %d
                    find_multipaths no
                    user_friendly_names no
                    bindings_file %s
                    wwids_file %s
                }
                """.formatted(POLLING, state.resolve("bindings"), state.resolve("wwids")) + GuestConfig.SCSI_DEBUG_DEVICE);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (daemon != null) daemon.close();
        GuestKernel.dmsetup("remove_all", "--force");
        GuestKernel.unloadScsiDebug();
    }

    private DaemonProcess startDaemon(String name, String... jvm) throws Exception {
        return DaemonProcess.startReady(GuestKernel.resultsDir().resolve("daemon-under-io"), name, START,
                List.of(jvm), "--config", config.toString());
    }

    @Test
    @Order(1)
    void scenario1ColdStart16x4ThenScenario5UeventOverflowResyncs() throws Exception {
        int luns = 16;
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug(4 * luns, "add_host=4", "num_tgts=1", "max_luns=" + luns,
                "vpd_use_hostno=0", "dev_size_mb=1");
        // a tiny uevent buffer (the kernel doubles it), so the storm below overflows it for sure
        daemon = startDaemon("scenario1-5", "-Dmpathvx.uevent.receiveBuffer=4096");
        long t0 = System.nanoTime();
        await().atMost(LONG).pollInterval(Duration.ofMillis(250)).until(() -> mapsMatchDisks(luns));
        System.out.printf("scenario 1: %d LUNs x 4 paths: daemon ready %.1f s after its start, every map right %.1f s "
                + "after ready (grouped as sysfs wwids say, queue_if_no_path, 1 alua)%n", luns, daemon.readySeconds(), seconds(t0));
        assertTrue(KernelMaps.tables().values().stream()
                .allMatch(t -> t.contains(" multipath 1 queue_if_no_path 1 alua 1 1 ")), KernelMaps.tables().toString());
        assertEquals(4 * luns, disks.size());

        // Scenario 5: the daemon frozen (SIGSTOP) while 4 more LUNs x 4 paths arrive: the uevents overflow its socket.
        long lostBefore = daemon.log().lines().filter(l -> l.contains("uevents were lost")).count();
        GuestKernel.run(List.of("kill", "-STOP", Long.toString(daemon.pid()))).orThrow("kill -STOP");
        long t1 = System.nanoTime();
        try {
            Files.writeString(Path.of("/sys/bus/pseudo/drivers/scsi_debug/max_luns"), Integer.toString(luns + 4));
            disks.stream().map(d -> d.address().host()).distinct().forEach(GuestKernel::rescanHost);
            GuestKernel.awaitScsiDebugDisks(4 * (luns + 4));
        } finally {
            GuestKernel.run(List.of("kill", "-CONT", Long.toString(daemon.pid()))).orThrow("kill -CONT");
        }
        double storm = seconds(t1);
        long t2 = System.nanoTime();
        await().atMost(LONG).pollInterval(Duration.ofMillis(250)).until(() -> mapsMatchDisks(luns + 4));
        long lostAfter = daemon.log().lines().filter(l -> l.contains("uevents were lost")).count();
        System.out.printf("scenario 5: 16 paths added while the daemon was stopped (%.1f s); after SIGCONT every LUN "
                + "had its map in %.1f s; overflow resyncs logged: %d before, %d after%n", storm, seconds(t2), lostBefore, lostAfter);
        assertTrue(lostAfter > lostBefore, "the storm must have overflowed the uevent socket:\n" + daemon.log());
    }

    /** Exactly {@code luns} maps, each holding exactly the disks that sysfs says share one wwid. */
    private static boolean mapsMatchDisks(int luns) {
        Map<String, Set<String>> byWwid = GuestKernel.scsiDebugDisks().stream().collect(Collectors.groupingBy(
                ScsiDisk::wwid, Collectors.mapping(d -> d.devt().toString(), Collectors.toSet())));
        Set<Set<String>> maps = KernelMaps.tables().values().stream().map(t -> java.util.Arrays.stream(t.split("\\s+"))
                .filter(w -> w.matches("\\d+:\\d+")).collect(Collectors.toSet())).collect(Collectors.toSet());
        return byWwid.size() == luns && maps.size() == luns && maps.equals(Set.copyOf(byWwid.values()));
    }

    @Test
    @Order(3)
    void scenario3FaultsUnderVerifiedIoThenScenario7FlapsThenScenario2HotAddAndRemove() throws Exception {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug(4, "add_host=4", "num_tgts=1", "max_luns=1",
                "vpd_use_hostno=0", "dev_size_mb=16");
        Path gcLog = GuestKernel.resultsDir().resolve("daemon-under-io/scenario3-7-2-gc.log");
        daemon = startDaemon("scenario3-7-2", "-Xlog:gc:file=" + gcLog);
        await().atMost(LONG).until(() -> KernelMaps.tables().size() == 1 && KernelMaps.pathCount(only()) == 4);
        String map = KernelMaps.tables().keySet().iterator().next();
        System.out.printf("scenario 3: daemon ready %.1f s after its start, map %s with 4 paths%n", daemon.readySeconds(), map);

        FioVerify fio = FioVerify.start("/dev/mapper/" + map, Duration.ofSeconds(65), 8, GuestKernel.resultsDir(), "scenario3");
        PathFaults faults = new PathFaults(map, disks);
        long t0 = System.nanoTime();
        faults.offlineOnlineEverySecond(15);
        faults.failReinstateMessagesEverySecond(8);
        double rescan = faults.deleteAndRescanOnePath(LONG);
        faults.switchGroup(1);
        faults.allPathsDownFor(Duration.ofSeconds(3));
        faults.awaitAllActive(LONG);
        while (fio.running() && seconds(t0) < 58) faults.offlineOnlineEverySecond(1);
        FioVerify.Result r = fio.await(Duration.ofMinutes(4));
        System.out.printf("scenario 3: %s%n", r.summary());
        System.out.printf("scenario 3: faults %s; delete+rescan back in the map after %.1f s; all paths down 3 s "
                + "(no_path_retry %d x polling_interval %d s)%n", faults.counts(), rescan, NO_PATH_RETRY, POLLING);
        assertTrue(r.clean(), r.summary() + "\n" + r.stderr());
        assertTrue(r.seconds() >= 60, "fio ran " + r.seconds() + " s");
        faults.awaitAllActive(LONG);

        // All paths down beyond no_path_retry x polling_interval: queueing off, then I/O fails, it does not hang.
        long t1 = System.nanoTime();
        faults.disks().forEach(GuestKernel::setOffline);
        await().atMost(LONG).until(() -> !KernelMaps.tables().get(map).contains("queue_if_no_path"));
        double queueingOff = seconds(t1);
        long t2 = System.nanoTime();
        var read = GuestKernel.run(Duration.ofSeconds(60), List.of("dd", "if=/dev/mapper/" + map, "of=/dev/null",
                "bs=4096", "count=1", "iflag=direct"));
        double failedIn = seconds(t2);
        assertNotEquals(0, read.exitCode(), "a read with every path down must fail: " + read.output());
        FioVerify.Result down = FioVerify.start("/dev/mapper/" + map, Duration.ofSeconds(5), 8,
                GuestKernel.resultsDir(), "scenario3-down").await(Duration.ofSeconds(120));
        System.out.printf("scenario 3: all paths down: queueing off after %.1f s, dd failed in %.2f s, fio: %s%n",
                queueingOff, failedIn, down.summary());
        assertTrue(down.errors() > 0 || down.exitCode() != 0, "fio with every path down must see errors: " + down.summary());
        faults.disks().forEach(GuestKernel::setRunning);
        await().atMost(LONG).until(() -> KernelMaps.tables().get(map).contains("queue_if_no_path"));
        faults.awaitAllActive(LONG);
        System.out.printf("scenario 3: total %.1f s%n", seconds(t0));
        // scenarios 7 and 2 on the same daemon and SAN: a daemon start less (minutes under emulation)
        flapsUnderVerifiedIoKeepThreadsAndHeapFlat(map, faults.disks(), gcLog);
        hotAddAndRemoveWhileFioRunsOnAnotherMap(map);
    }

    @Test
    @Order(4)
    void scenario4SigkillInAnAddStormThenRestartConvergesWithoutNeedlessReloads() throws Exception {
        int luns = 48;
        List<ScsiDisk> first = GuestKernel.loadScsiDebug(2, "add_host=2", "num_tgts=1", "max_luns=1",
                "vpd_use_hostno=0", "dev_size_mb=1");
        daemon = startDaemon("scenario4-first");
        await().atMost(LONG).until(() -> KernelMaps.tables().size() == 1);

        // The storm: 47 more LUNs on both hosts, by a rescan of each host on a thread of its own (a scan write
        // returns when the host is scanned); the daemon is killed once a few maps have both their paths.
        long t0 = System.nanoTime();
        Files.writeString(Path.of("/sys/bus/pseudo/drivers/scsi_debug/max_luns"), Integer.toString(luns));
        CompletableFuture<?>[] rescans = first.stream().map(d -> d.address().host()).distinct()
                .map(h -> CompletableFuture.runAsync(() -> GuestKernel.rescanHost(h))).toArray(CompletableFuture[]::new);
        CompletableFuture<Void> storm = CompletableFuture.allOf(rescans);
        await().atMost(LONG).pollInterval(Duration.ofMillis(50)).until(() -> KernelMaps.tables().values().stream()
                .filter(t -> KernelMaps.pathCount(t) == 2).count() >= 4);
        daemon.kill();
        double killedAt = seconds(t0);
        Map<String, String> atKill = KernelMaps.tables();
        long completeAtKill = atKill.values().stream().filter(t -> KernelMaps.pathCount(t) == 2).count();
        storm.get(LONG.toSeconds(), TimeUnit.SECONDS);
        assertTrue(completeAtKill < luns, "the kill must land in the middle of the storm: " + completeAtKill + " maps complete");

        Path uevents = GuestKernel.resultsDir().resolve("daemon-under-io/scenario4-uevents.txt");
        Files.createDirectories(uevents.getParent());
        try (UeventLog log = UeventLog.start(uevents)) {
            await().atMost(LONG).until(log::listening);
            long t1 = System.nanoTime();
            daemon = startDaemon("scenario4-restart");
            double ready = seconds(t1);
            await().atMost(LONG).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<String, String> t = KernelMaps.tables();
                return t.size() == luns && t.values().stream().allMatch(x -> KernelMaps.pathCount(x) == 2);
            });
            double converged = seconds(t1);
            Map<String, String> after = KernelMaps.tables();
            log.close();
            Map<String, String> dmName = KernelMaps.dmNames();
            List<UeventLog.Uevent> events = log.events();
            Set<String> resumed = events.stream().filter(UeventLog.Uevent::isResumeOfDm)
                    .map(e -> dmName.getOrDefault(e.kernel(), e.kernel())).collect(Collectors.toSet());
            List<String> removed = events.stream().filter(e -> e.action().equals("remove") && e.kernel().startsWith("dm-"))
                    .map(UeventLog.Uevent::kernel).toList();
            Set<String> alreadyRight = atKill.keySet().stream().filter(n -> atKill.get(n).equals(after.get(n)))
                    .collect(Collectors.toCollection(java.util.TreeSet::new));
            List<String> needlesslyReloaded = alreadyRight.stream().filter(resumed::contains).toList();
            long created = resumed.stream().filter(n -> !atKill.containsKey(n)).count();
            long completed = resumed.stream().filter(n -> atKill.containsKey(n) && !alreadyRight.contains(n)).count();
            System.out.printf("scenario 4: %d LUNs x 2; SIGKILL %.1f s into the storm with %d maps (%d complete); "
                            + "restart: ready %.1f s, all %d maps complete %.1f s after it; %d maps already right, "
                            + "%d of them reloaded; %d maps created, %d completed by a reload; %d dm removes%n",
                    luns, killedAt, atKill.size(), completeAtKill, ready, luns, converged, alreadyRight.size(),
                    needlesslyReloaded.size(), created, completed, removed.size());
            assertTrue(after.keySet().containsAll(atKill.keySet()), "a map was removed: " + atKill.keySet() + " -> " + after.keySet());
            assertEquals(List.of(), removed, "dm devices removed during the restart");
            assertFalse(alreadyRight.isEmpty(), "no map was complete at the kill: the reload check would prove nothing");
            assertEquals(List.of(), needlesslyReloaded, "maps right at the kill were reloaded or suspended by the restart");
        }
        System.out.printf("scenario 4: daemon exit status after SIGTERM: %d%n", daemon.stop());
        daemon = null;
    }

    /**
     * Scenario 7: 200 path flaps within 60 s under fio verify; the daemon's threads and live heap stay flat. Measured
     * before and after the flaps: scenario 3 has already made the daemon start every pool thread it uses.
     */
    private void flapsUnderVerifiedIoKeepThreadsAndHeapFlat(String map, List<ScsiDisk> disks, Path gcLog) throws Exception {
        int threadsBefore = daemon.threads();
        long heapBefore = liveHeapMiB(gcLog);
        FioVerify fio = FioVerify.start("/dev/mapper/" + map, Duration.ofSeconds(60), 8, GuestKernel.resultsDir(), "scenario7");
        PathFaults faults = new PathFaults(map, disks);
        long t0 = System.nanoTime();
        faults.flap(200, Duration.ofMillis(100), Duration.ofMillis(100));
        double flapping = seconds(t0);
        FioVerify.Result r = fio.await(Duration.ofMinutes(4));
        faults.awaitAllActive(LONG);
        int threadsEnd = daemon.threads();
        long heapEnd = liveHeapMiB(gcLog);
        System.out.printf("scenario 7: 200 flaps in %.1f s; %s; threads %d before, %d after; live heap after a full GC "
                + "%d MiB before, %d MiB after%n", flapping, r.summary(), threadsBefore, threadsEnd, heapBefore, heapEnd);
        assertTrue(r.clean(), r.summary() + "\n" + r.stderr());
        assertTrue(flapping <= 60, "200 flaps took " + flapping + " s");
        assertTrue(threadsEnd <= threadsBefore, "threads grew with flaps: " + threadsBefore + " -> " + threadsEnd);
        assertTrue(heapEnd <= heapBefore + Math.max(8, heapBefore / 2), "heap grew: " + heapBefore + " -> " + heapEnd + " MiB");
    }

    /**
     * Scenario 2, on scenario 3's daemon: 4 LUNs hot-added by host rescans, a fifth path to
     * every LUN by a new scsi_debug host, then the new LUNs' disks deleted, all while fio verifies on the first map.
     */
    private void hotAddAndRemoveWhileFioRunsOnAnotherMap(String map) throws Exception {
        FioVerify fio = FioVerify.start("/dev/mapper/" + map, Duration.ofSeconds(45), 8, GuestKernel.resultsDir(), "scenario2");
        long t0 = System.nanoTime();
        Files.writeString(Path.of("/sys/bus/pseudo/drivers/scsi_debug/max_luns"), "5");
        GuestKernel.scsiDebugDisks().stream().map(d -> d.address().host()).distinct().forEach(GuestKernel::rescanHost);
        await().atMost(LONG).pollInterval(Duration.ofMillis(250)).until(() -> mapsMatchDisks(5));
        double added = seconds(t0);
        long t1 = System.nanoTime();
        GuestKernel.changeScsiDebugHosts(1);
        GuestKernel.awaitScsiDebugDisks(25);
        await().atMost(LONG).pollInterval(Duration.ofMillis(250)).until(() -> mapsMatchDisks(5)
                && KernelMaps.tables().values().stream().allMatch(t -> KernelMaps.pathCount(t) == 5));
        double hostAdded = seconds(t1);
        long t2 = System.nanoTime();
        for (ScsiDisk d : GuestKernel.scsiDebugDisks()) if (d.address().lun() > 0) GuestKernel.delete(d);
        await().atMost(LONG).pollInterval(Duration.ofMillis(250)).until(() -> mapsMatchDisks(1)
                && KernelMaps.tables().containsKey(map) && KernelMaps.pathCount(KernelMaps.tables().get(map)) == 5);
        double removed = seconds(t2);
        FioVerify.Result r = fio.await(Duration.ofMinutes(3));
        System.out.printf("scenario 2: 4 LUNs x 4 paths hot-added, maps right %.1f s after the rescans; a 5th host: "
                + "every map with 5 paths %.1f s after it; their 20 disks deleted: their maps gone %.1f s after; fio on %s: %s%n",
                added, hostAdded, removed, map, r.summary());
        assertTrue(r.clean(), r.summary() + "\n" + r.stderr());
    }

    /** The daemon's live heap: a full GC through jcmd, its result read from the JVM's own GC log. */
    private long liveHeapMiB(Path gcLog) throws Exception {
        List<String> gcRun = List.of("jcmd", Long.toString(daemon.pid()), "GC.run");
        CommandResult r = GuestKernel.run(Duration.ofSeconds(120), gcRun);
        // jcmd is a JVM of its own; under TCG it once died of SIGSEGV before printing anything (exit 139). That is
        // the tool, not the daemon (whose pid must still be alive): try again, at most twice.
        for (int retry = 0; retry < 2 && r.exitCode() > 128 && daemon.alive(); retry++) {
            System.out.printf("jcmd GC.run died of signal %d (%s); retrying%n", r.exitCode() - 128, r.output().strip());
            r = GuestKernel.run(Duration.ofSeconds(120), gcRun);
        }
        r.orThrow("jcmd GC.run");
        // "Pause Full (Diagnostic Command) 20M->7M(46M)": jcmd's GC, the last full one in the log
        var full = java.util.regex.Pattern.compile("Pause Full \\(Diagnostic Command\\) \\d+M->(\\d+)M");
        long last = -1;
        for (String line : Files.readAllLines(gcLog)) {
            var m = full.matcher(line);
            if (m.find()) last = Long.parseLong(m.group(1));
        }
        assertTrue(last >= 0, "no full GC in " + gcLog);
        return last;
    }

    private static String only() {
        return KernelMaps.tables().values().iterator().next();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
