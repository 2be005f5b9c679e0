package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.config.LoadedConfig;
import io.mpathvx.core.config.MultipathConfig;
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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * multipathd's behaviour at the edges, on the real kernel in the QEMU guest, checked with dmsetup, sysfs and the
 * kernel's own uevents (udevadm monitor): shutdown turns queueing off on every map (cleanup_maps); the last path
 * deleted under flush_on_last_del always removes the map (flush_map_nopaths); a reconfigure (what SIGHUP runs) with
 * a changed no_path_retry and a changed path_selector touches exactly the maps concerned; a device a blacklist rule
 * excludes by its protocol gets no map.
 */
@Tag("real-kernel")
class MultipathdSemanticsKernelTest {
    private static final String BASE = """
            defaults {
                polling_interval 2
                find_multipaths greedy
                user_friendly_names no
            }
            """ + GuestConfig.SCSI_DEBUG_DEVICE;
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

    @AfterEach
    void cleanUp() throws Exception {
        stopDaemon();
        for (String name : maps().keySet()) GuestKernel.dmsetup("remove", "--force", name);
        GuestKernel.unloadScsiDebug();
    }

    private static MultipathConfig config(String text) throws Exception {
        LoadedConfig loaded = ConfigLoader.parse(text, "guest.conf");
        assertEquals(List.of(), loaded.warnings());
        return loaded.config();
    }

    private void startDaemon(String conf) throws Exception {
        state = Files.createTempDirectory("mpathvx-state");
        dm = new CountingDmControl(LinuxDmControl.open());
        kernel = KernelPorts.linux(dm, new LinuxSysfs(), NetlinkUeventSource.openKernel());
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        daemon = Daemon.start(vertx, kernel, config(conf), ReconcilerOptions.defaults()
                .withFiles(state.resolve("bindings"), state.resolve("wwids"))).await(5, TimeUnit.MINUTES);
    }

    private void stopDaemon() throws Exception {
        if (daemon == null) return;
        daemon.stop().await(2, TimeUnit.MINUTES);
        await().atMost(LONG).until(() -> GuestConfig.openDisks() == 0);
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(1, TimeUnit.MINUTES).join();
        kernel.close();
        daemon = null;
    }

    /** dm name → table line of every multipath map, from dmsetup. */
    private static Map<String, String> maps() {
        String out = GuestKernel.dmsetup("table", "--target", "multipath").output();
        return out.lines().filter(l -> l.contains(": ") && l.contains(" multipath "))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(": ")), l -> l.substring(l.indexOf(": ") + 2),
                        (a, b) -> a, TreeMap::new));
    }

    private static boolean queueing(String tableLine) {
        return tableLine.contains("queue_if_no_path");
    }

    private static long pathCount(String table) {
        return Arrays.stream(table.split("\\s+")).filter(w -> w.matches("\\d+:\\d+")).count();
    }

    private static List<ScsiDisk> fourLunsTwoPaths() {
        return GuestKernel.loadScsiDebug(8, "add_host=2", "num_tgts=1", "max_luns=4", "vpd_use_hostno=0", "dev_size_mb=4");
    }

    private void awaitFourMaps() {
        await().atMost(LONG).until(() -> maps().size() == 4 && maps().values().stream().allMatch(t -> pathCount(t) == 2));
    }

    @Test
    void shutdownTurnsQueueingOffOnEveryMap() throws Exception {
        fourLunsTwoPaths();
        startDaemon(BASE);
        awaitFourMaps();
        assertTrue(maps().values().stream().allMatch(MultipathdSemanticsKernelTest::queueing), "no_path_retry 12 queues: " + maps());
        stopDaemon();
        Map<String, String> after = maps();
        assertEquals(4, after.size(), "the maps stay");
        assertTrue(after.values().stream().noneMatch(MultipathdSemanticsKernelTest::queueing),
                "queue_if_no_path left on after shutdown: " + after);
    }

    @Test
    void deletingTheLastPathUnderFlushOnLastDelAlwaysRemovesTheMap() throws Exception {
        List<ScsiDisk> disks = fourLunsTwoPaths();
        startDaemon(BASE + "overrides {\n flush_on_last_del always\n}\n");
        awaitFourMaps();
        ScsiDisk victim = disks.get(0);
        String victimMap = maps().entrySet().stream()
                .filter(e -> Arrays.asList(e.getValue().split("\\s+")).contains(victim.devt().toString()))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        for (ScsiDisk d : GuestKernel.scsiDebugDisks()) if (d.wwid().equals(victim.wwid())) GuestKernel.delete(d);
        await().atMost(LONG).until(() -> !maps().containsKey(victimMap));
        assertFalse(GuestKernel.dmsetup("info", victimMap).ok(), "dmsetup still knows " + victimMap);
        assertEquals(3, maps().size(), "the other maps stay: " + maps());
    }

    @Test
    void reconfigureTouchesExactlyTheMapsWhoseSettingsChanged() throws Exception {
        fourLunsTwoPaths();
        startDaemon(BASE);
        awaitFourMaps();
        daemon.idle().await(2, TimeUnit.MINUTES);
        List<String> names = new ArrayList<>(maps().keySet());
        String npr = names.get(0);      // no_path_retry queue → fail: queueing off by message, no reload
        String selector = names.get(1); // path_selector changes: one reload
        Map<String, String> before = maps();
        Map<String, String> eventsBefore = eventNumbers();
        Path log = GuestKernel.resultsDir().resolve("multipathd-semantics/reconfigure-uevents.txt");
        Files.createDirectories(log.getParent());
        try (UeventLog uevents = UeventLog.start(log)) {
            await().atMost(LONG).until(uevents::listening);
            dm.reset();
            daemon.reconfigure(config(BASE + """
                    multipaths {
                        multipath {
                            wwid %s
                            no_path_retry fail
                        }
                        multipath {
                            wwid %s
                            path_selector "round-robin 0"
                        }
                    }
                    """.formatted(npr, selector))).await(2, TimeUnit.MINUTES);
            await().atMost(LONG).until(() -> !queueing(maps().get(npr)) && maps().get(selector).contains("round-robin"));
            daemon.idle().await(2, TimeUnit.MINUTES);
            Map<String, String> after = maps();
            uevents.drain(GuestKernel.scsiDebugDisks().get(0).name());
            Map<String, String> dmNames = KernelMaps.dmNames();
            List<String> resumed = uevents.events().stream().filter(UeventLog.Uevent::isResumeOfDm)
                    .map(e -> dmNames.getOrDefault(e.kernel(), e.kernel())).toList();
            System.out.println("reconfigure: ioctls " + dm + "; kernel change uevents for " + resumed
                    + "; event numbers " + eventsBefore + " -> " + eventNumbers());
            assertEquals(1, dm.count("TABLE_LOAD"), "one table load: " + dm);
            assertEquals(List.of(selector), resumed, "the kernel resumed exactly the reloaded map");
            for (String other : names.subList(2, names.size())) {
                assertEquals(before.get(other), after.get(other), other + " untouched");
                assertEquals(eventsBefore.get(other), eventNumbers().get(other), other + " event number");
            }
            assertEquals(pathCount(before.get(npr)), pathCount(after.get(npr)));
        }
    }

    @Test
    void aDeviceExcludedByAProtocolRuleGetsNoMap() throws Exception {
        // scsi_debug disks sit on a pseudo host: multipathd calls their protocol scsi:unspec
        fourLunsTwoPaths();
        startDaemon(BASE + "blacklist {\n protocol \"scsi:unspec\"\n}\n");
        daemon.idle().await(2, TimeUnit.MINUTES);
        assertEquals(Map.of(), maps(), "dmsetup shows maps");
        assertTrue(daemon.snapshot().paths().isEmpty(), "no paths taken: " + daemon.snapshot().paths());
        assertEquals(0, dm.count("CREATE"));
    }

    /** dm name → event number, from dmsetup info. */
    private static Map<String, String> eventNumbers() {
        String out = GuestKernel.dmsetup("info", "-c", "--noheadings", "--separator", " ", "-o", "name,events").output();
        Map<String, String> m = new TreeMap<>();
        for (String l : out.lines().toList()) {
            String[] w = l.trim().split("\\s+");
            if (w.length == 2) m.put(w[0], w[1]);
        }
        return m;
    }
}
