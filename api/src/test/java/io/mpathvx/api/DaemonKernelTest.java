package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.config.LoadedConfig;
import io.mpathvx.core.config.MultipathConfig;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.core.testkit.CountingDmControl;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;
import io.mpathvx.dm.LinuxDmControl;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.mpathvx.uevent.LinuxSysfs;
import io.mpathvx.uevent.NetlinkUeventSource;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The daemon against the real kernel in the QEMU guest, checked with dmsetup (not only with our own code):
 * cold start, hot-add, path deletion, restart without reload, checker-driven fail/reinstate and no_path_retry.
 */
@Tag("real-kernel")
class DaemonKernelTest {
    private static final int POLLING = 2;
    private static final String CONFIG = """
            defaults {
                polling_interval %d
                find_multipaths greedy
                user_friendly_names no
            }
            overrides {
                no_path_retry 2
                path_checker directio
            }
            """.formatted(POLLING) + GuestConfig.SCSI_DEBUG_DEVICE;
    private static final Duration LONG = Duration.ofSeconds(120);

    private Vertx vertx;
    private Daemon daemon;
    private KernelPorts kernel;
    private CountingDmControl dm;
    private Path state;

    @BeforeAll
    static void guestOnly() {
        GuestKernel.assumeGuest();
    }

    @BeforeEach
    void prepare() throws Exception {
        state = Files.createTempDirectory("mpathvx-state");
    }

    @AfterEach
    void cleanUp() {
        stopDaemon();
        for (String name : multipathMaps().keySet()) GuestKernel.dmsetup("remove", "--force", name);
        GuestKernel.unloadScsiDebug();
    }

    private void startDaemon() throws Exception {
        LoadedConfig loaded = ConfigLoader.parse(CONFIG, "guest.conf");
        assertEquals(List.of(), loaded.warnings());
        MultipathConfig config = loaded.config();
        dm = new CountingDmControl(LinuxDmControl.open());
        kernel = KernelPorts.linux(dm, new LinuxSysfs(), NetlinkUeventSource.openKernel());
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        daemon = Daemon.start(vertx, kernel, config, ReconcilerOptions.defaults()
                .withFiles(state.resolve("bindings"), state.resolve("wwids"))).await(5, TimeUnit.MINUTES);
    }

    private void stopDaemon() {
        if (daemon == null) return;
        daemon.close();
        // The checkers close their device fds on workers: let them finish before Vert.x stops its workers, or the
        // disks stay open and scsi_debug cannot be unloaded.
        await().atMost(LONG).until(() -> GuestConfig.openDisks() == 0);
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(1, TimeUnit.MINUTES).join();
        kernel.close();
        daemon = null;
    }

    /** dm name → table line, for every multipath map, as dmsetup reports them. */
    private static Map<String, String> multipathMaps() {
        String out = GuestKernel.dmsetup("table", "--target", "multipath").output();
        return out.lines().filter(l -> l.contains(": ") && l.contains(" multipath "))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(": ")), l -> l.substring(l.indexOf(": ") + 2)));
    }

    private static String status(String map) {
        return GuestKernel.dmsetup("status", map).output().strip();
    }

    /** How many path devices a multipath table line names (words of the form M:m after the group header). */
    private static long pathCount(String table) {
        return Arrays.stream(table.split("\\s+")).filter(w -> w.matches("\\d+:\\d+")).count();
    }

    private static String mapOf(ScsiDisk disk) {
        return multipathMaps().entrySet().stream()
                .filter(e -> Arrays.asList(e.getValue().split("\\s+")).contains(disk.devt().toString()))
                .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no map uses " + disk));
    }

    @Test
    void coldStartHotAddDeleteAndRestart() throws Exception {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug(16, "add_host=2", "num_tgts=1", "max_luns=8",
                "vpd_use_hostno=0", "dev_size_mb=4");
        startDaemon();
        await().atMost(LONG).until(() -> multipathMaps().size() == 8
                && multipathMaps().values().stream().allMatch(t -> pathCount(t) == 2));
        assertEquals(8, dm.count("CREATE"));
        assertEquals(0, dm.count("SUSPEND"), "a cold start reloads nothing");

        // Hot add: two more LUNs appear on both hosts after a rescan.
        Files.writeString(Path.of("/sys/bus/pseudo/drivers/scsi_debug/max_luns"), "10");
        GuestKernel.rescanHost(disks.get(0).host());
        GuestKernel.rescanHost(disks.get(disks.size() - 1).host());
        awaitOrExplain(() -> multipathMaps().size() == 10
                && multipathMaps().values().stream().allMatch(t -> pathCount(t) == 2));

        // A deleted path is dropped from its map by a reload; a LUN that loses every path loses its map.
        ScsiDisk victim = disks.get(0);
        String victimMap = mapOf(victim);
        GuestKernel.delete(victim);
        await().atMost(LONG).until(() -> pathCount(multipathMaps().getOrDefault(victimMap, "")) == 1);
        ScsiDisk sibling = GuestKernel.scsiDebugDisks().stream()
                .filter(d -> d.wwid().equals(victim.wwid())).findFirst().orElseThrow();
        GuestKernel.delete(sibling);
        await().atMost(LONG).until(() -> !multipathMaps().containsKey(victimMap));

        // Restart against an unchanged SAN: adopt every map, load no table, suspend nothing.
        Map<String, String> before = multipathMaps();
        stopDaemon();
        startDaemon();
        daemon.idle().await(2, TimeUnit.MINUTES);
        assertEquals(0, dm.count("TABLE_LOAD"), "restart loaded a table");
        assertEquals(0, dm.count("SUSPEND"), "restart suspended a map");
        assertEquals(0, dm.count("CREATE"));
        assertEquals(before, multipathMaps());

        // Someone else reloads a map without one of its paths: the resume uevent names only dm-N; the daemon puts
        // the path back.
        String victim2 = before.keySet().iterator().next();
        String line = before.get(victim2);
        MultipathTable t = MultipathTable.parse(line.substring(line.indexOf(" multipath ") + 11));
        MultipathTable.Group g = t.groups().get(0);
        MultipathTable oneLess = new MultipathTable(t.features(), t.hwHandler(), 1, List.of(
                new MultipathTable.Group(g.selector(), g.selectorArgs(), g.paths().subList(0, 1))));
        String head = line.substring(0, line.indexOf(" multipath ") + 11);
        GuestKernel.dmsetup("reload", victim2, "--table", head + oneLess.format()).orThrow("dmsetup reload");
        GuestKernel.dmsetup("resume", victim2).orThrow("dmsetup resume");
        await().atMost(LONG).until(() -> pathCount(multipathMaps().getOrDefault(victim2, "")) == 2);
    }

    @Test
    void checkerReinstatesAFailedPathAndNoPathRetryStopsQueueing() throws Exception {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug(4, "add_host=4", "num_tgts=1", "max_luns=1",
                "vpd_use_hostno=0", "dev_size_mb=4");
        startDaemon();
        await().atMost(LONG).until(() -> multipathMaps().size() == 1
                && pathCount(multipathMaps().values().iterator().next()) == 4);
        String map = multipathMaps().keySet().iterator().next();
        assertTrue(multipathMaps().get(map).contains("queue_if_no_path"), multipathMaps().toString());
        // scsi_debug puts one port in ALUA standby; work with paths that carry I/O.
        List<ScsiDisk> active = disks.stream().filter(d -> accessState(d).startsWith("active")).toList();
        assertTrue(active.size() >= 2, "active scsi_debug ports: " + active);
        ScsiDisk a = active.get(0);
        ScsiDisk b = active.get(1);

        // One path down and I/O through the map: the kernel fails it; the checker agrees and keeps it failed.
        GuestKernel.setOffline(a);
        read(map);
        await().atMost(LONG).until(() -> status(map).contains(a.devt() + " F"));
        // Back to running: the checker looks again and reinstates it. The latency (about one polling_interval) is
        // printed, not asserted: under QEMU TCG wall-clock time is 10-50x stretched and would make the test flaky.
        GuestKernel.setRunning(a);
        long t0 = System.nanoTime();
        await().atMost(LONG).until(() -> status(map).contains(a.devt() + " A"));
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("reinstate latency after path came back: %.2f s (polling_interval %d s)%n", seconds, POLLING);

        // Every path offline: after about no_path_retry intervals queueing is disabled and a read fails, not hangs.
        disks.forEach(GuestKernel::setOffline);
        long t1 = System.nanoTime();
        await().atMost(LONG).until(() -> !multipathMaps().get(map).contains("queue_if_no_path"));
        System.out.printf("queueing disabled %.2f s after every path went offline (no_path_retry 2, polling %d s)%n",
                (System.nanoTime() - t1) / 1e9, POLLING);
        var failedRead = GuestKernel.run(Duration.ofSeconds(60), List.of("dd", "if=/dev/mapper/" + map, "of=/dev/null",
                "bs=4096", "count=1", "iflag=direct"));
        assertTrue(failedRead.exitCode() != 0, "read with no path should fail: " + failedRead.output());
        // A path back: queue_if_no_path restored.
        GuestKernel.setRunning(b);
        await().atMost(LONG).until(() -> multipathMaps().get(map).contains("queue_if_no_path")
                && status(map).contains(b.devt() + " A"));
        disks.forEach(GuestKernel::setRunning);
        await().atMost(LONG).until(() -> status(map).contains(a.devt() + " A"));
    }

    /** Awaits the condition; on timeout fails with what dmsetup and the daemon see, to tell a race from a bug. */
    private void awaitOrExplain(java.util.concurrent.Callable<Boolean> condition) {
        try {
            await().atMost(LONG).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("dmsetup: " + multipathMaps() + "\ndaemon paths: " + daemon.snapshot().paths()
                    + "\ndaemon maps: " + daemon.snapshot().maps(), e);
        }
    }

    private static String accessState(ScsiDisk d) {
        try {
            return Files.readAllLines(Path.of("/sys/block", d.name(), "device/access_state")).get(0).strip();
        } catch (Exception e) {
            return "";
        }
    }

    private static void read(String map) {
        GuestKernel.run(Duration.ofSeconds(60), List.of("dd", "if=/dev/mapper/" + map, "of=/dev/null", "bs=4096",
                "count=16", "iflag=direct"));
    }
}
