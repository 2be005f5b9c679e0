package io.mpathvx.core.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The guest test kit against the real guest kernel: what other modules' kernel tests rely on, and the tier's
 * smoke test (a device-mapper with the multipath target, a two-path scsi_debug SAN, dmsetup).
 */
@Tag("real-kernel")
class GuestKernelKernelTest {
    @BeforeAll
    static void guestOnly() {
        GuestKernel.assumeGuest();
    }

    @AfterEach
    void unload() {
        GuestKernel.unloadScsiDebug();
    }

    @Test
    void deviceMapperWithMultipathTargetIsPresent() throws Exception {
        assertTrue(Files.exists(Path.of("/dev/mapper/control")));
        assertTrue(GuestKernel.isModuleLoaded("dm-multipath"));
        String misc = Files.readString(Path.of("/proc/misc"));
        assertTrue(misc.contains("device-mapper"), misc);
    }

    @Test
    void twoScsiDebugHostsGiveTwoPathsToOneLun() {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug("add_host=2 vpd_use_hostno=0 dev_size_mb=4");

        assertEquals(2, disks.size(), disks::toString);
        ScsiDisk a = disks.get(0);
        ScsiDisk b = disks.get(1);
        assertEquals(a.wwid(), b.wwid(), "same LUN behind both hosts");
        assertTrue(a.wwid().startsWith("naa."), a.wwid());
        assertNotEquals(a.host(), b.host());
        assertNotEquals(a.devt(), b.devt());
        assertTrue(Files.exists(Path.of(a.devNode())), a.devNode());
    }

    @Test
    void offlineAndRunningChangeThePathState() {
        ScsiDisk disk = GuestKernel.loadScsiDebug("add_host=1 dev_size_mb=4").get(0);

        GuestKernel.setOffline(disk);
        assertEquals("offline", GuestKernel.state(disk));
        GuestKernel.setRunning(disk);
        assertEquals("running", GuestKernel.state(disk));
    }

    @Test
    void loadsScsiDebugWithItsDependenciesAndUnloadsIt() {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug("add_host=1 num_tgts=2 max_luns=2 dev_size_mb=4");

        assertEquals(4, disks.size(), disks::toString);
        assertEquals(4, disks.stream().map(ScsiDisk::wwid).distinct().count(), "4 LUNs, 4 WWIDs");
        GuestKernel.unloadScsiDebug();
        assertFalse(GuestKernel.isModuleLoaded("scsi_debug"));
        assertTrue(GuestKernel.scsiDebugDisks().isEmpty());
    }

    @Test
    void deletedDiskComesBackOnHostRescan() {
        ScsiDisk disk = GuestKernel.loadScsiDebug("add_host=1 dev_size_mb=4").get(0);

        GuestKernel.delete(disk);
        assertTrue(GuestKernel.scsiDebugDisks().isEmpty());
        GuestKernel.rescanHost(disk.host());
        List<ScsiDisk> back = GuestKernel.awaitScsiDebugDisks(1);
        assertEquals(disk.wwid(), back.get(0).wwid());
        assertEquals(disk.address(), back.get(0).address());
    }

    @Test
    void addsAPathAtRuntime() {
        List<ScsiDisk> one = GuestKernel.loadScsiDebug("add_host=1 vpd_use_hostno=0 dev_size_mb=4");

        GuestKernel.changeScsiDebugHosts(+1);
        List<ScsiDisk> two = GuestKernel.awaitScsiDebugDisks(2);
        assertEquals(one.get(0).wwid(), two.get(1).wwid());
    }

    @Test
    void loadsOtherModulesLikeModprobe() {
        GuestKernel.loadModule("null_blk", "nr_devices=1");
        try {
            assertTrue(Files.exists(Path.of("/sys/block/nullb0")));
        } finally {
            GuestKernel.unloadModule("null_blk");
        }
        assertFalse(GuestKernel.isModuleLoaded("null_blk"));
        assertThrows(IllegalArgumentException.class, () -> GuestKernel.loadModule("no_such_module"));
    }

    @Test
    void runsCommandsWithOutputExitStatusAndTimeout() {
        CommandResult r = GuestKernel.sh("echo out; echo err >&2; exit 3");
        assertEquals(3, r.exitCode());
        assertTrue(r.output().contains("out") && r.output().contains("err"), r.output());
        assertThrows(IllegalStateException.class, () -> r.orThrow("sh"));
        assertThrows(IllegalStateException.class,
                () -> GuestKernel.run(Duration.ofMillis(500), List.of("/bin/sh", "-c", "while :; do :; done")));
    }

    @Test
    void dmsetupSeesTheGuestDeviceMapper() {
        CommandResult r = GuestKernel.dmsetup("targets").orThrow("dmsetup targets");
        assertTrue(r.output().contains("multipath"), r.output());
    }
}
