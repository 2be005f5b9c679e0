package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.DmVersion;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.multipath.MultipathTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static io.mpathvx.core.sim.SimFixture.SIZE;
import static io.mpathvx.core.sim.SimFixture.multipath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedKernelDmTest {
    private static final String TWO_GROUPS = "0 0 2 1 service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:32 1 1";

    private final SimulatedKernel k = SimFixture.twoByTwo();

    private void createLive(String name, String params) throws DmException {
        k.create(name, "mpath-" + name);
        k.loadTable(name, multipath(params));
        k.resume(name);
    }

    private static Errno errno(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(DmException.class, call).errno();
    }

    @Test
    void createAllocatesLowestFreeMinorOnTheDmMajorAndRefusesTakenNamesAndUuidsWithEbusy() throws Exception {
        DmInfo a = k.create("a", "mpath-a");
        DmInfo b = k.create("b", null);
        assertEquals(new DevT(253, 0), a.devt());
        assertEquals(new DevT(253, 1), b.devt());
        assertEquals(0, a.eventNr());
        assertFalse(a.activeTable());
        assertFalse(a.inactiveTable());
        DmException dup = assertThrows(DmException.class, () -> k.create("a", "mpath-other"));
        assertEquals(Errno.EBUSY, dup.errno(), "dm_hash_insert's answer, not EEXIST");
        assertEquals("DM_DEV_CREATE", dup.call(), "named like the Linux DmControl names it");
        assertEquals("a", dup.map());
        assertEquals(Errno.EBUSY, errno(() -> k.create("c", "mpath-a")));
        assertEquals(Errno.EINVAL, errno(() -> k.create("bad/name", null)));
        k.remove("a", false);
        assertEquals(new DevT(253, 0), k.create("c", null).devt(), "the freed minor is reused");
        assertEquals(List.of("b", "c"), k.listDevices().stream().map(DmDevice::name).toList());
        assertEquals(Errno.ENXIO, errno(() -> k.info("nope")));
    }

    @Test
    void canonicalTableRoundTrips() throws Exception {
        createLive("m", TWO_GROUPS);
        List<DmTarget> t = k.table("m");
        assertEquals(1, t.size());
        assertEquals(new DmTarget(0, SIZE, "multipath", TWO_GROUPS), t.get(0));
        assertEquals(TWO_GROUPS, MultipathTable.parse(t.get(0).params()).format());
    }

    @Test
    void kernelNormalisesSelectorArgsAndFeatureOrderLikeDmMpath() throws Exception {
        createLive("rr", "1 queue_if_no_path 0 1 1 round-robin 0 2 0 8:0 8:32");
        assertEquals("1 queue_if_no_path 0 1 1 round-robin 0 2 1 8:0 1 8:32 1", k.table("rr").get(0).params());
        // service-time with one path arg gains the relative throughput; repeat counts above 1 become 1
        createLive("st", "0 0 1 1 service-time 0 2 1 8:16 1 8:48 100");
        assertEquals("0 0 1 1 service-time 0 2 2 8:16 1 1 8:48 1 1", k.table("st").get(0).params());
        k.create("f", null);
        k.loadTable("f", multipath("4 retain_attached_hw_handler queue_if_no_path pg_init_retries 50 1 alua 1 1 queue-length 0 1 1 8:0 1"));
        k.resume("f");
        assertEquals("4 queue_if_no_path pg_init_retries 50 retain_attached_hw_handler 1 alua 1 1 queue-length 0 1 1 8:0 1",
                k.table("f").get(0).params());
    }

    @Test
    void statusUsesTheKernelsFormatAndParses() throws Exception {
        createLive("m", TWO_GROUPS);
        String fresh = k.status("m").get(0).params();
        // no I/O yet: queue_io still set, no group active, the initial group is next
        assertEquals("2 1 0 0 2 1 E 0 1 2 8:0 A 0 0 1 E 0 1 2 8:32 A 0 0 1", fresh);
        assertEquals(fresh, MultipathStatus.parse(fresh).format());
        assertEquals(IoResult.COMPLETED, k.io("m"));
        assertEquals("2 0 0 0 2 1 A 0 1 2 8:0 A 0 0 1 E 0 1 2 8:32 A 0 0 1", k.status("m").get(0).params(),
                "the first I/O activates group 1 and clears queue_io");
        createLive("h", "1 queue_if_no_path 1 alua 1 1 round-robin 0 2 1 8:16 1 8:48 1");
        k.io("h");
        assertEquals("2 0 1 0 1 1 A 0 2 0 8:16 A 0 8:48 A 0", k.status("h").get(0).params(),
                "alua: pg_init ran once; round-robin has no per-path status");
    }

    @Test
    void withUdevTheProbeOfANewTableActivatesAGroupAtResume() throws Exception {
        SimulatedKernel withUdev = SimulatedKernel.fromJson(new io.vertx.core.json.JsonObject().put("udev", true)
                .put("generate", new io.vertx.core.json.JsonObject().put("luns", 2).put("pathsPerLun", 2)));
        withUdev.create("m", null);
        withUdev.loadTable("m", multipath(TWO_GROUPS));
        withUdev.resume("m");
        assertEquals("2 0 0 0 2 1 A 0 1 2 8:0 A 0 0 1 E 0 1 2 8:32 A 0 0 1", withUdev.status("m").get(0).params());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "0 0 1 1 service-time 0 1 2 8:0 1",          // too few path args
            "0 0 1 1 weighted-random 0 1 1 8:0 1",        // unknown selector
            "1 queue_if_no_paths 0 1 1 round-robin 0 1 1 8:0 1", // unknown feature
            "0 1 nosuchhandler 1 1 round-robin 0 1 1 8:0 1",     // hardware handler not loaded
            "0 0 1 2 round-robin 0 1 1 8:0 1",            // initial group beyond groups
            "0 0 1 1 round-robin 0 0 0",                  // a group without paths
            "0 0 1 1 service-time 0 1 2 8:0 1 101",       // relative throughput above 100
            "2 pg_init_retries 51 0 1 1 round-robin 0 1 1 8:0 1",
            "not a table"})
    void badTablesAreEinvalAndChangeNothing(String params) throws Exception {
        k.create("m", null);
        assertEquals(Errno.EINVAL, errno(() -> k.loadTable("m", multipath(params))));
        assertFalse(k.info("m").inactiveTable());
    }

    @Test
    void pathDevicesThatCannotBeOpenedAreEnxio() throws Exception {
        k.create("m", null);
        DmException e = assertThrows(DmException.class, () -> k.loadTable("m", multipath("0 0 1 1 service-time 0 1 1 8:240 1")));
        assertEquals(Errno.ENXIO, e.errno(), "no such device");
        k.setPathState("sda", DiskState.OFFLINE);
        e = assertThrows(DmException.class, () -> k.loadTable("m", multipath("0 0 1 1 round-robin 0 2 1 8:0 1 8:32 1")));
        assertEquals(Errno.ENXIO, e.errno(), "sd refuses to open an offline device");
        assertTrue(e.getMessage().contains("sda is offline"), e.getMessage());
        k.setPathState("sda", DiskState.RUNNING);
        k.loadTable("m", multipath("0 0 1 1 round-robin 0 2 1 8:0 1 8:32 1"));
        k.resume("m");
        k.setPathState("sda", DiskState.OFFLINE);
        k.loadTable("m", multipath("0 0 1 1 round-robin 0 2 1 8:32 1 8:0 1"));
        k.resume("m");
        assertEquals("0 0 1 1 round-robin 0 2 1 8:32 1 8:0 1", k.table("m").get(0).params(),
                "a device the map already holds open is reused, offline or not");
        k.create("other", null);
        assertEquals(Errno.ENXIO, errno(() -> k.loadTable("other", List.of(new DmTarget(0, 8, "linear", "8:0 0")))));
    }

    @Test
    void hardwareHandlersFollowWhatTheScsiLayerHasAttached() throws Exception {
        createLive("retain", "1 retain_attached_hw_handler 0 1 1 round-robin 0 1 1 8:0 1");
        assertEquals("1 retain_attached_hw_handler 1 alua 1 1 round-robin 0 1 1 8:0 1", k.table("retain").get(0).params(),
                "the attached alua handler is retained");
        createLive("other", "0 1 rdac 1 1 round-robin 0 1 1 8:16 1");
        assertEquals("0 1 alua 1 1 round-robin 0 1 1 8:16 1", k.table("other").get(0).params(),
                "an attached handler cannot be swapped (EBUSY) and is kept");
        createLive("none", "0 0 1 1 round-robin 0 1 1 8:32 1");
        assertEquals("0 0 1 1 round-robin 0 1 1 8:32 1", k.table("none").get(0).params());

        SimulatedKernel plain = new SimulatedKernel(SanTopology.generated(1, 1));
        plain.create("m", null);
        DmException e = assertThrows(DmException.class, () -> plain.loadTable("m", multipath("0 1 alua 1 1 round-robin 0 1 1 8:0 1")));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("error attaching hardware handler"), e.getMessage());
        plain.loadTable("m", multipath("1 retain_attached_hw_handler 0 1 1 round-robin 0 1 1 8:0 1"));
        plain.resume("m");
        assertEquals("1 retain_attached_hw_handler 0 1 1 round-robin 0 1 1 8:0 1", plain.table("m").get(0).params(),
                "nothing attached, nothing retained");
    }

    @Test
    void tableLongerThanThePathIsRefusedAndGapsToo() throws Exception {
        k.create("m", null);
        assertEquals(Errno.EINVAL, errno(() -> k.loadTable("m",
                List.of(new DmTarget(0, SIZE + 1, "multipath", "0 0 1 1 round-robin 0 1 1 8:0 1")))));
        assertEquals(Errno.EINVAL, errno(() -> k.loadTable("m", List.of(new DmTarget(8, 8, "zero", "")))));
        assertEquals(Errno.EINVAL, errno(() -> k.loadTable("m", List.of())));
    }

    @Test
    void linearErrorAndZeroTargetsLoadAndDeviceTypeIsFixedByTheFirstTable() throws Exception {
        k.create("lin", null);
        k.loadTable("lin", List.of(new DmTarget(0, 1024, "linear", "8:0 2048"), new DmTarget(1024, 1024, "zero", ""),
                new DmTarget(2048, 8, "error", "")));
        k.resume("lin");
        assertEquals(List.of(new DmTarget(0, 1024, "linear", "8:0 2048"), new DmTarget(1024, 1024, "zero", ""),
                new DmTarget(2048, 8, "error", "")), k.table("lin"));
        assertEquals(List.of(new DevT(8, 0)), k.deps("lin"));
        assertEquals(Errno.EINVAL, errno(() -> k.loadTable("lin", multipath("0 0 1 1 round-robin 0 1 1 8:0 1"))),
                "a bio-based device cannot take a request-based table");
        createLive("m", TWO_GROUPS);
        k.loadTable("m", List.of(new DmTarget(0, SIZE, "error", "")));
        k.resume("m");
        assertEquals("error", k.table("m").get(0).type(), "error is allowed for request-based devices");
    }

    @Test
    void loadIsInactiveUntilResumeWhichSwapsIt() throws Exception {
        createLive("m", TWO_GROUPS);
        String other = "0 0 1 1 round-robin 0 2 1 8:0 1 8:32 1";
        DmInfo loaded = k.loadTable("m", multipath(other));
        assertTrue(loaded.inactiveTable());
        assertEquals(TWO_GROUPS, k.table("m").get(0).params(), "the live table stays until resume");
        k.clearTable("m");
        assertFalse(k.info("m").inactiveTable());
        k.loadTable("m", multipath(other));
        DmInfo resumed = k.resume("m");
        assertFalse(resumed.inactiveTable());
        assertFalse(resumed.suspended());
        assertEquals(other, k.table("m").get(0).params());
    }

    @Test
    void eventNumbersBumpOnTargetEventsOnly() throws Exception {
        createLive("m", "1 queue_if_no_path 0 2 1 service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:32 1 1");
        assertEquals(0, k.info("m").eventNr(), "create, load and resume raise no device event");
        k.message("m", 0, "fail_path 8:0");
        assertEquals(1, k.info("m").eventNr());
        k.message("m", 0, "fail_path 8:0");
        assertEquals(1, k.info("m").eventNr(), "failing a failed path does nothing");
        k.message("m", 0, "reinstate_path 8:0");
        assertEquals(2, k.info("m").eventNr());
        k.message("m", 0, "switch_group 2");
        assertEquals(3, k.info("m").eventNr());
        k.message("m", 0, "disable_group 1");
        k.message("m", 0, "enable_group 1");
        assertEquals(5, k.info("m").eventNr());
        k.message("m", 0, "fail_if_no_path");
        k.message("m", 0, "queue_if_no_path");
        assertEquals(5, k.info("m").eventNr(), "queueing messages raise no event");
        k.loadTable("m", multipath(TWO_GROUPS));
        k.resume("m");
        assertEquals(5, k.info("m").eventNr(), "a table swap raises only the global event");
        assertEquals(5, k.listDevices().get(0).eventNr());
    }

    @Test
    void globalEventCounterMovesOnCreateSwapRenameRemoveAndTargetEvents() throws Exception {
        long g0 = k.globalEventNr();
        k.create("m", null);
        assertEquals(g0 + 1, k.globalEventNr());
        k.loadTable("m", multipath(TWO_GROUPS));
        assertEquals(g0 + 1, k.globalEventNr(), "a load alone is not an event");
        k.resume("m");
        assertEquals(g0 + 2, k.globalEventNr());
        k.message("m", 0, "fail_path 8:32");
        assertEquals(g0 + 3, k.globalEventNr());
        k.rename("m", "n");
        assertEquals(g0 + 4, k.globalEventNr());
        k.remove("n", false);
        assertEquals(g0 + 5, k.globalEventNr());
    }

    @Test
    void messagesFailAndReinstatePathsInTheStatus() throws Exception {
        createLive("m", "0 0 1 1 service-time 0 2 2 8:0 1 1 8:32 1 1");
        k.message("m", 0, "fail_path 8:32");
        MultipathStatus s = MultipathStatus.parse(k.status("m").get(0).params());
        assertFalse(s.groups().get(0).paths().get(1).active());
        assertEquals(1, s.groups().get(0).paths().get(1).failCount());
        k.message("m", 0, "reinstate_path 8:32");
        s = MultipathStatus.parse(k.status("m").get(0).params());
        assertTrue(s.groups().get(0).paths().get(1).active());
        assertEquals(1, s.groups().get(0).paths().get(1).failCount(), "the fail count is cumulative");
        assertEquals(Errno.EINVAL, errno(() -> k.message("m", 0, "fail_path 8:16")), "not a path of this map");
        assertEquals(Errno.EINVAL, errno(() -> k.message("m", 0, "switch_group 3")));
        assertEquals(Errno.EINVAL, errno(() -> k.message("m", 0, "frobnicate 1")));
        assertEquals(Errno.EINVAL, errno(() -> k.message("m", SIZE, "fail_path 8:0")), "sector outside the device");
    }

    @Test
    void switchAndDisableGroupShowInStatus() throws Exception {
        createLive("m", TWO_GROUPS);
        k.message("m", 0, "switch_group 2");
        MultipathStatus s = MultipathStatus.parse(k.status("m").get(0).params());
        assertEquals(2, s.nextGroup());
        assertEquals(MultipathStatus.GroupState.ENABLED, s.groups().get(0).state(), "no I/O yet: nothing active");
        assertEquals(IoResult.COMPLETED, k.io("m"));
        s = MultipathStatus.parse(k.status("m").get(0).params());
        assertEquals(MultipathStatus.GroupState.ACTIVE, s.groups().get(1).state());
        k.message("m", 0, "disable_group 1");
        s = MultipathStatus.parse(k.status("m").get(0).params());
        assertEquals(MultipathStatus.GroupState.DISABLED, s.groups().get(0).state());
    }

    @Test
    void queueIfNoPathShowsInTheTableFeaturesAndIsDroppedWhileSuspendedWithFlush() throws Exception {
        createLive("m", "1 queue_if_no_path 0 1 1 round-robin 0 1 1 8:0 1");
        assertTrue(k.table("m").get(0).params().startsWith("1 queue_if_no_path "));
        k.suspend("m", true, false);
        assertTrue(k.info("m").suspended());
        assertTrue(k.table("m").get(0).params().startsWith("1 queue_if_no_path "), "a noflush suspend keeps queueing");
        k.resume("m");
        k.suspend("m", false, false);
        assertTrue(k.table("m").get(0).params().startsWith("0 "), "a flushing suspend turns queueing off");
        assertEquals(Errno.EBUSY, errno(() -> k.message("m", 0, "fail_path 8:0")));
        k.resume("m");
        assertTrue(k.table("m").get(0).params().startsWith("1 queue_if_no_path "), "resume restores it");
        k.message("m", 0, "fail_if_no_path");
        assertTrue(k.table("m").get(0).params().startsWith("0 "));
        k.message("m", 0, "queue_if_no_path");
        assertTrue(k.table("m").get(0).params().startsWith("1 queue_if_no_path "));
    }

    @Test
    void removeOfAnOpenMapIsEbusyUnlessDeferred() throws Exception {
        createLive("m", TWO_GROUPS);
        k.openDevice("m");
        assertEquals(1, k.info("m").openCount());
        assertEquals(Errno.EBUSY, errno(() -> k.remove("m", false)));
        k.remove("m", true);
        assertTrue(k.info("m").deferredRemove());
        k.closeDevice("m");
        assertEquals(Errno.ENXIO, errno(() -> k.info("m")), "removed on last close");
        assertTrue(k.path("sda").orElseThrow().holders().isEmpty());
    }

    @Test
    void renameKeepsTheDeviceAndRefusesTakenNames() throws Exception {
        createLive("m", TWO_GROUPS);
        k.create("other", null);
        assertEquals(Errno.EBUSY, errno(() -> k.rename("m", "other")));
        k.rename("m", "n");
        assertEquals(new DevT(253, 0), k.info("n").devt());
        assertEquals(Errno.ENXIO, errno(() -> k.info("m")));
        assertEquals(TWO_GROUPS, k.table("n").get(0).params());
    }

    @Test
    void depsVersionsAndTargetVersions() throws Exception {
        createLive("m", TWO_GROUPS);
        assertEquals(List.of(new DevT(8, 32), new DevT(8, 0)), k.deps("m"), "the kernel lists the last opened first");
        assertEquals(new DmVersion(4, 47, 0), k.version());
        assertEquals(new DmVersion(1, 14, 0), k.targetVersions().get("multipath"));
        assertTrue(k.targetVersions().containsKey("linear"));
    }

    @Test
    void snapshotShowsEveryMap() throws Exception {
        createLive("m", TWO_GROUPS);
        k.create("empty", "x");
        List<MapSnapshot> snap = k.snapshot();
        assertEquals(List.of("empty", "m"), snap.stream().map(MapSnapshot::name).toList());
        MapSnapshot m = k.snapshot("m").orElseThrow();
        assertEquals("mpath-m", m.uuid());
        assertEquals(TWO_GROUPS, m.tableParams());
        assertEquals(k.status("m").get(0).params(), m.statusParams());
        assertEquals("", snap.get(0).tableParams());
    }

    @Test
    void ioFailsOfflinePathsAndFallsBackToTheNextGroup() throws Exception {
        createLive("m", "1 queue_if_no_path 0 2 1 service-time 0 1 2 8:0 1 1 service-time 0 1 2 8:32 1 1");
        k.setPathState("sda", DiskState.OFFLINE);
        assertEquals(IoResult.COMPLETED, k.io("m"));
        MultipathStatus s = MultipathStatus.parse(k.status("m").get(0).params());
        assertFalse(s.groups().get(0).paths().get(0).active());
        assertEquals(MultipathStatus.GroupState.ACTIVE, s.groups().get(1).state());
        k.setPathState("sdc", DiskState.OFFLINE);
        assertEquals(IoResult.QUEUED, k.io("m"));
        k.message("m", 0, "fail_if_no_path");
        assertEquals(IoResult.FAILED, k.io("m"));
        assertEquals(2, k.info("m").eventNr());
    }
}
