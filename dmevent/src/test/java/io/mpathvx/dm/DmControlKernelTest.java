package io.mpathvx.dm;

import com.sun.nio.file.ExtendedOpenOption;
import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmEventChannel;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.DmVersion;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.core.testkit.Dmsetup;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LinuxDmControl and DmEventWatcher against the guest's real device-mapper and a two-path scsi_debug LUN. What
 * LinuxDmControl reads back is cross-checked with dmsetup ({@link Dmsetup}), so the ioctl codec is not its own oracle.
 */
@Tag("real-kernel")
class DmControlKernelTest {
    private static final String PREFIX = "mpvxk-";
    private static LinuxDmControl dm;
    private static ScsiDisk pathA;
    private static ScsiDisk pathB;
    private static long sectors;

    @BeforeAll
    static void setUp() throws Exception {
        GuestKernel.assumeGuest();
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug("add_host=2 vpd_use_hostno=0 dev_size_mb=4");
        pathA = disks.get(0);
        pathB = disks.get(1);
        sectors = Long.parseLong(Files.readString(Path.of("/sys/block/" + pathA.name() + "/size")).trim());
        dm = LinuxDmControl.open();
    }

    @AfterEach
    void removeOurMaps() throws DmException {
        try {
            for (DmDevice d : dm.listDevices()) {
                if (d.name().startsWith(PREFIX)) dm.remove(d.name(), false);
            }
        } finally {
            running(pathA);
            running(pathB);
        }
    }

    /** The kernel refuses running → running with EINVAL. */
    private static void running(ScsiDisk d) {
        if (!"running".equals(GuestKernel.state(d))) GuestKernel.setRunning(d);
    }

    @AfterAll
    static void tearDown() {
        if (dm != null) dm.close();
        if (GuestKernel.inGuest()) GuestKernel.unloadScsiDebug();
    }

    private static String mpTable(String features) {
        // alua handler (scsi_dh_alua is loaded at boot): avoids scsi_debug's unit attentions failing healthy paths
        return features + " 1 alua 1 1 round-robin 0 2 1 " + pathA.devt() + " 1 " + pathB.devt() + " 1";
    }

    private static DmInfo createMultipath(String name, String features) throws DmException {
        dm.create(name, "mpath-" + name);
        dm.loadTable(name, List.of(new DmTarget(0, sectors, "multipath", mpTable(features))));
        return dm.resume(name);
    }

    private static MultipathStatus status(String name) throws Exception {
        List<DmTarget> s = dm.status(name);
        assertEquals(1, s.size());
        return MultipathStatus.parse(s.get(0).params());
    }

    private static MultipathStatus.PathStatus pathStatus(String name, DevT devt) throws Exception {
        return status(name).groups().get(0).paths().stream().filter(p -> p.devt().equals(devt)).findFirst().orElseThrow();
    }

    @Test
    void versionIsAtLeast437AndMultipathTargetIsLoaded() throws DmException {
        DmVersion v = dm.version();
        assertTrue(v.atLeast(4, 37), v.toString());
        Map<String, DmVersion> targets = dm.targetVersions();
        assertTrue(targets.containsKey("multipath"), targets.toString());
        assertTrue(targets.containsKey("error"), targets.toString());
        assertTrue(dm.managesNodes(), "no udevd in the guest: LinuxDmControl keeps /dev/mapper itself");
    }

    @Test
    void multipathMapOverTwoPathsReadsBackItsTableAndStatus() throws Exception {
        String name = PREFIX + "table";
        DmInfo info = createMultipath(name, "0");
        assertTrue(info.activeTable());
        assertFalse(info.suspended());
        String loaded = mpTable("0");
        List<DmTarget> table = dm.table(name);
        assertEquals(1, table.size());
        assertEquals(0, table.get(0).start());
        assertEquals(sectors, table.get(0).length());
        assertEquals("multipath", table.get(0).type());
        // The kernel's canonical form is what we loaded (it adds a trailing space).
        assertEquals(loaded, table.get(0).params().strip());
        assertEquals(MultipathTable.parse(loaded), MultipathTable.parse(table.get(0).params()));
        MultipathStatus st = status(name);
        assertEquals(1, st.groups().size());
        assertEquals(2, st.groups().get(0).paths().size());
        assertTrue(st.groups().get(0).paths().stream().allMatch(MultipathStatus.PathStatus::active));
        assertEquals(List.of(pathA.devt(), pathB.devt()), dm.deps(name).stream().sorted().toList());
        DmDevice listed = dm.listDevices().stream().filter(d -> d.name().equals(name)).findFirst().orElseThrow();
        assertEquals("mpath-" + name, listed.uuid());
        assertEquals(info.devt(), listed.devt());
        Path node = Path.of("/dev/mapper", name);
        assertEquals(info.devt(), DevMapperNodes.rdev(node), "node made by LinuxDmControl");
        assertEquals("0 " + sectors + " multipath " + loaded, Dmsetup.table(name));
        assertEquals(info.devt(), Dmsetup.ls().get(name));
        DmInfo now = dm.info(name);
        assertEquals(new Dmsetup.Info(name, "mpath-" + name, now.openCount(), now.eventNr()), Dmsetup.info(name));
    }

    @Test
    void failAndReinstatePathMessagesChangeTheStatus() throws Exception {
        String name = PREFIX + "msg";
        createMultipath(name, "0");
        long events0 = Dmsetup.info(name).events();
        dm.message(name, 0, "fail_path " + pathA.devt());
        MultipathStatus.PathStatus a = pathStatus(name, pathA.devt());
        assertFalse(a.active());
        assertEquals(1, a.failCount());
        assertTrue(pathStatus(name, pathB.devt()).active());
        // libdevmapper sees the same: path A failed once, B active, and the map raised an event
        String failed = Dmsetup.status(name) + " ";
        assertTrue(failed.contains(" " + pathA.devt() + " F 1 "), failed);
        assertTrue(failed.contains(" " + pathB.devt() + " A 0 "), failed);
        // events are raised from a kernel work item: wait until both readers agree on a newer number
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            long seen = Dmsetup.info(name).events();
            return seen > events0 && seen == dm.info(name).eventNr();
        });
        dm.message(name, 0, "reinstate_path " + pathA.devt());
        assertTrue(pathStatus(name, pathA.devt()).active());
        String reinstated = Dmsetup.status(name) + " ";
        assertTrue(reinstated.contains(" " + pathA.devt() + " A 1 "), reinstated);
        DmException bad = assertThrows(DmException.class, () -> dm.message(name, 0, "fail_path 1:1"));
        assertEquals(Errno.ENXIO, bad.errno(), "dm_get_device on a device not in the table");
        DmException unknown = assertThrows(DmException.class, () -> dm.message(name, 0, "no_such_message"));
        assertEquals(Errno.EINVAL, unknown.errno());
    }

    @Test
    void errorsAreTyped() throws Exception {
        assertEquals(Errno.ENXIO, assertThrows(DmException.class, () -> dm.info(PREFIX + "nosuch")).errno());
        String name = PREFIX + "dup";
        dm.create(name, null);
        DmException dup = assertThrows(DmException.class, () -> dm.create(name, null));
        // dm_hash_insert answers a taken name with EBUSY (not EEXIST)
        assertEquals(Errno.EBUSY, dup.errno());
        assertEquals("DM_DEV_CREATE", dup.call());
        assertEquals(name, dup.map());
        DmException bad = assertThrows(DmException.class,
                () -> dm.loadTable(name, List.of(new DmTarget(0, sectors, "multipath", "0 0 1 1 nosuch-selector 0 1 1 "
                        + pathA.devt() + " 1"))));
        assertEquals(Errno.EINVAL, bad.errno());
    }

    @Test
    void renameMovesTheNode() throws Exception {
        String name = PREFIX + "old";
        dm.create(name, null);
        dm.loadTable(name, List.of(new DmTarget(0, 8, "error", "")));
        DmInfo info = dm.resume(name);
        dm.rename(name, PREFIX + "new");
        assertFalse(Files.exists(Path.of("/dev/mapper", name)));
        assertEquals(info.devt(), DevMapperNodes.rdev(Path.of("/dev/mapper", PREFIX + "new")));
        assertEquals(info.devt(), dm.info(PREFIX + "new").devt());
        Map<String, DevT> listed = Dmsetup.ls();
        assertEquals(info.devt(), listed.get(PREFIX + "new"), listed::toString);
        assertFalse(listed.containsKey(name), listed::toString);
        assertEquals("0 8 error", Dmsetup.table(PREFIX + "new"));
        dm.remove(PREFIX + "new", false);
        assertFalse(Files.exists(Path.of("/dev/mapper", PREFIX + "new")));
        assertFalse(Dmsetup.exists(PREFIX + "new"));
    }

    @Test
    void listDevicesWith300MapsGrowsTheBuffer() throws Exception {
        int n = 320;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // long names make the reply far larger than the 16 KiB first buffer
            String name = PREFIX + "many-" + "x".repeat(60) + "-" + i;
            dm.create(name, "mpvx-uuid-" + "y".repeat(60) + "-" + i);
            names.add(name);
        }
        List<DmDevice> all = dm.listDevices();
        List<String> ours = all.stream().map(DmDevice::name).filter(names::contains).toList();
        assertEquals(n, ours.size());
        assertTrue(all.stream().filter(d -> names.contains(d.name())).allMatch(d -> d.uuid() != null
                && d.uuid().startsWith("mpvx-uuid-")));
        System.out.println("DmControlKernelTest: LIST_DEVICES returned " + all.size() + " devices (> 16 KiB reply)");
    }

    @Test
    void removingAnOpenMapIsATypedEbusyAndDeferredRemoveWorks() throws Exception {
        String name = PREFIX + "open";
        dm.create(name, null);
        dm.loadTable(name, List.of(new DmTarget(0, 8, "error", "")));
        DmInfo info = dm.resume(name);
        Path dev = Path.of("/dev/dm-" + info.devt().minor());
        try (FileChannel open = FileChannel.open(dev, StandardOpenOption.READ)) {
            assertEquals(1, dm.info(name).openCount());
            assertEquals(1, Dmsetup.info(name).open());
            DmException busy = assertThrows(DmException.class, () -> dm.remove(name, false));
            assertEquals(Errno.EBUSY, busy.errno());
            assertEquals("DM_DEV_REMOVE", busy.call());
            assertEquals(name, busy.map());
            assertEquals(info.devt(), Dmsetup.ls().get(name), "a refused removal leaves the map");
            dm.remove(name, true);
            assertTrue(dm.info(name).deferredRemove(), "removal pending while open");
            assertTrue(Dmsetup.exists(name), "deferred: still there while open");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> gone(name));
        assertFalse(Dmsetup.exists(name));
        assertFalse(Dmsetup.ls().containsKey(name));
    }

    private static boolean gone(String name) {
        try {
            dm.info(name);
            return false;
        } catch (DmException e) {
            return e.errno() == Errno.ENXIO;
        }
    }

    /** O_DIRECT reads at several offsets so round-robin sends I/O down both paths. */
    private static void readThrough(String name) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(8192).alignedSlice(4096);
        buf.limit(4096);
        try (FileChannel ch = FileChannel.open(Path.of("/dev/mapper", name), StandardOpenOption.READ,
                ExtendedOpenOption.DIRECT)) {
            for (int i = 0; i < 8; i++) {
                buf.clear().limit(4096);
                ch.read(buf, (long) i * 4096 * 3);
            }
        }
    }

    @Test
    void watcherReportsPathFailureTableReloadAndRemoval() throws Exception {
        String name = PREFIX + "watch";
        createMultipath(name, "0"); // no queue_if_no_path: reads never hang
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        List<MapEvent> events = new CopyOnWriteArrayList<>();
        List<Long> at = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        try (DmEventChannel channel = dm.openEventChannel()) {
            Context ctx = vertx.getOrCreateContext();
            List<Long> unattributedAt = new CopyOnWriteArrayList<>();
            DmEventWatcher w = DmEventWatcher.start(ctx, channel, e -> {
                events.add(e);
                at.add(System.nanoTime());
            }, errors::add, () -> unattributedAt.add(System.nanoTime())).toCompletionStage().toCompletableFuture().get();
            assertNotNull(w.devices().get(name));

            // path failure: offline + I/O through the map
            GuestKernel.setOffline(pathA);
            long t0 = System.nanoTime();
            readThrough(name);
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> events.stream().anyMatch(e -> e instanceof MapEvent.Changed c && c.name().equals(name)));
            long failMs = (at.get(indexOfChanged(events, name)) - t0) / 1_000_000;
            assertFalse(pathStatus(name, pathA.devt()).active(), "dm-multipath failed the offline path");
            System.out.println("DmControlKernelTest: path failure → MapEvent.Changed after " + failMs + " ms (from offline+I/O start)");

            // table reload
            running(pathA);
            int before = events.size();
            dm.loadTable(name, List.of(new DmTarget(0, sectors, "multipath", mpTable("0").replace("round-robin", "queue-length"))));
            long t1 = System.nanoTime();
            dm.resume(name);
            int unattributedBefore = unattributedAt.size();
            // The kernel raises only the global counter for a table swap: the watcher must react within 1 s, with a
            // Changed for the map if its event_nr moved, else with an unattributed scan.
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> since(events, before).stream().anyMatch(e -> e.name().equals(name))
                            || unattributedAt.size() > unattributedBefore);
            long reacted = events.size() > before ? at.get(before) : unattributedAt.get(unattributedBefore);
            System.out.println("DmControlKernelTest: table reload → events " + since(events, before)
                    + ", unattributed scans " + (unattributedAt.size() - unattributedBefore) + ", after "
                    + (reacted - t1) / 1_000_000 + " ms");

            // removal
            int beforeRemove = events.size();
            dm.remove(name, false);
            await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10))
                    .until(() -> since(events, beforeRemove).contains(new MapEvent.Gone(name, "mpath-" + name)));
            assertEquals(List.of(), errors);
            vertx.runOnContext(v -> w.close());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    @Test
    void aBurstOfPathEventsCoalescesIntoFewScans() throws Exception {
        String name = PREFIX + "burst";
        createMultipath(name, "0");
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        List<MapEvent> events = new CopyOnWriteArrayList<>();
        try (DmEventChannel channel = dm.openEventChannel()) {
            DmEventWatcher w = DmEventWatcher.start(vertx.getOrCreateContext(), channel, events::add, e -> {
            }).toCompletionStage().toCompletableFuture().get();
            long scansBefore = w.scans();
            long startEventNr = dm.info(name).eventNr();
            int messages = 200;
            for (int i = 0; i < messages / 2; i++) {
                dm.message(name, 0, "fail_path " + pathA.devt());
                dm.message(name, 0, "reinstate_path " + pathA.devt());
            }
            long finalEventNr = dm.info(name).eventNr();
            // dm-multipath raises events from a work item, so back-to-back messages may share one
            long kernelEvents = finalEventNr - startEventNr;
            assertTrue(kernelEvents > 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.contains(
                    new MapEvent.Changed(name, "mpath-" + name, finalEventNr)));
            long scans = w.scans() - scansBefore;
            System.out.println("DmControlKernelTest: " + messages + " messages, " + kernelEvents + " map events → "
                    + scans + " scans, " + events.size() + " MapEvents");
            // never more scans than events (no scan without readiness), and the last state is reported
            assertTrue(scans <= kernelEvents, scans + " scans for " + kernelEvents + " events");
            vertx.runOnContext(v -> w.close());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }

    private static int indexOfChanged(List<MapEvent> events, String name) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) instanceof MapEvent.Changed c && c.name().equals(name)) return i;
        }
        return -1;
    }

    /** The events from index {@code from} on, copied: the watcher appends while the test reads (a sub-list view of a
     * CopyOnWriteArrayList fails when the list changes under it). */
    private static List<MapEvent> since(List<MapEvent> events, int from) {
        List<MapEvent> now = List.copyOf(events);
        return now.subList(Math.min(from, now.size()), now.size());
    }
}
