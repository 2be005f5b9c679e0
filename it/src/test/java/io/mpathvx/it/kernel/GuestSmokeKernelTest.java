package io.mpathvx.it.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Proves the real-kernel tier end to end: a device-mapper and a two-path scsi_debug SAN in the guest. */
@Tag("real-kernel")
class GuestSmokeKernelTest {
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
}
