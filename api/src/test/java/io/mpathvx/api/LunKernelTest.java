package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.config.LoadedConfig;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;
import io.mpathvx.dm.LinuxDmControl;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The LUN contract of issue 14 on the real kernel in the QEMU guest, as a CSI driver uses it: {@code mpathvx ensure} a
 * scsi_debug LUN, make an ext4 file system on its map, mount it and write a file; {@code mpathvx release} is refused
 * while it is mounted and while a device is stacked on it (holder named); after umount a release with
 * {@code --delete-paths} leaves no map of the LUN in dmsetup and none of its sd devices in /sys/block. The kernel's
 * state is read with dmsetup and sysfs, never through the daemon's API.
 */
@Tag("real-kernel")
// 61 s on a quiet host; first in its JVM on a busy one (class loading under TCG) it ran past the 300 s default
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LunKernelTest {
    /** strict: the daemon makes no map of its own accord, so the map is the ensure's doing. */
    private static final String CONFIG = """
            defaults {
                polling_interval 2
                find_multipaths strict
                user_friendly_names no
            }
            """ + GuestConfig.SCSI_DEBUG_DEVICE;
    private static final Duration LONG = Duration.ofSeconds(120);
    private static final String HOLDER = "mpathvx-lun-holder";

    private GuestAdminDaemon guest;
    private Path mountPoint;

    @BeforeAll
    static void guestOnly() {
        GuestKernel.assumeGuest();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (mountPoint != null) GuestKernel.run(List.of("umount", mountPoint.toString()));
        GuestKernel.dmsetup("remove", HOLDER);
        if (guest != null) guest.close();
        GuestKernel.dmsetup("remove_all", "--force");
        GuestKernel.unloadScsiDebug();
    }

    /**
     * The LUN's WWID as the daemon derived it from the disk's VPD page 0x83 (for scsi_debug not sysfs' device/wwid):
     * the identity a driver gets from its array. Only this input comes from the daemon; every check reads the kernel.
     */
    private String wwid(ScsiDisk disk) {
        await().atMost(LONG).until(() -> guest.daemon.snapshot().path(disk.name()).isPresent());
        return guest.daemon.snapshot().path(disk.name()).orElseThrow().wwid();
    }

    private static void sh(String what, String commandLine) {
        GuestKernel.sh(commandLine).orThrow(what);
    }

    /** Lines of {@code dmsetup table --target multipath} that name the disk's device number. */
    private static List<String> multipathTablesUsing(ScsiDisk disk) {
        return GuestKernel.dmsetup("table", "--target", "multipath").output().lines()
                .filter(l -> l.contains(": ") && List.of(l.split("\\s+")).contains(disk.devt().toString())).toList();
    }

    private static boolean listed(String map) {
        return GuestKernel.dmsetup("ls").output().lines().anyMatch(l -> l.split("\\s+")[0].equals(map));
    }

    @Test
    void ensureMkfsMountWriteThenReleaseRefusedWhileInUseAndDeletePathsLeavesNothing() throws Exception {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug(2, "add_host=2", "num_tgts=1", "max_luns=1",
                "vpd_use_hostno=0", "dev_size_mb=32");
        GuestKernel.loadModule("ext4");
        LoadedConfig loaded = ConfigLoader.parse(CONFIG, "lun.conf");
        assertEquals(List.of(), loaded.warnings());
        guest = GuestAdminDaemon.start(LinuxDmControl.open(), loaded);
        guest.daemon.idle().await();
        String w = wwid(disks.get(0));
        assertEquals(w, wwid(disks.get(1)), "both paths are one LUN");
        assertFalse(listed(w), "find_multipaths strict: no map before the ensure");

        // ensure: not multipathed without force (the typed reason and its exit code), a live map of both paths with it
        AdminFixture.Run r = guest.cli("ensure", w, "--timeout", "2");
        assertEquals(LunRefusal.Reason.NOT_MULTIPATHED.exitCode, r.exit(), r.err());
        assertEquals("strict", new JsonObject(r.err()).getString("find_multipaths"));
        r = guest.cli("ensure", w, "--min-paths", "2", "--timeout", "120", "--force");
        assertEquals(0, r.exit(), r.err());
        JsonObject answer = new JsonObject(r.out());
        String map = answer.getString("name");
        assertEquals("/dev/mapper/" + map, answer.getString("device"));
        assertTrue(listed(map), "dmsetup ls lists the ensured map");
        for (ScsiDisk d : disks) assertEquals(1, multipathTablesUsing(d).size(), "the map's table names " + d);
        String dm = answer.getString("dm");
        assertEquals(map, GuestKernel.sh("cat /sys/block/" + dm + "/dm/name").output().strip(), "dm-N of the answer");

        // mkfs + mount + write through /dev/mapper/<map>
        Path dev = Path.of(answer.getString("device"));
        await().atMost(LONG).until(() -> Files.exists(dev));
        sh("mkfs.ext4", "mkfs.ext4 -q -F " + dev);
        mountPoint = Files.createTempDirectory("mpathvx-lun-mnt");
        sh("mount", "mount -t ext4 " + dev + " " + mountPoint);
        sh("write", "echo written-through-" + map + " > " + mountPoint + "/file && sync");
        assertEquals("written-through-" + map, Files.readString(mountPoint.resolve("file")).strip());

        // release while mounted: refused, typed, the map stays
        r = guest.cli("release", w, "--delete-paths");
        assertEquals(LunRefusal.Reason.IN_USE.exitCode, r.exit(), r.err());
        JsonObject refused = new JsonObject(r.err());
        assertEquals("in_use", refused.getString("reason"));
        assertTrue(refused.getInteger("open_count") >= 1, r.err());
        assertTrue(listed(map), "a mounted map stays");
        for (ScsiDisk d : disks) assertTrue(Files.exists(Path.of("/sys/block", d.name())), d + " stays");

        // umount; a device stacked on the map (as an LV would be) is named as its holder
        sh("umount", "umount " + mountPoint);
        mountPoint = null;
        String size = GuestKernel.dmsetup("table", map).output().strip().split("\\s+")[1];
        GuestKernel.dmsetup("create", HOLDER, "--table", "0 " + size + " linear " + dev + " 0").orThrow("dmsetup create");
        r = guest.cli("release", w, "--delete-paths");
        assertEquals(LunRefusal.Reason.IN_USE.exitCode, r.exit(), r.err());
        String holder = new JsonObject(r.err()).getJsonArray("holders").getString(0);
        assertTrue(holder.startsWith(HOLDER + " (dm-"), r.err());
        assertTrue(listed(map), "a held map stays");
        GuestKernel.dmsetup("remove", HOLDER).orThrow("dmsetup remove");

        // release --delete-paths: no map of the LUN, none of its sd devices
        r = guest.cli("release", w, "--delete-paths");
        assertEquals(0, r.exit(), r.err());
        assertFalse(listed(map), "dmsetup ls: " + GuestKernel.dmsetup("ls").output());
        for (ScsiDisk d : disks) {
            assertEquals(List.of(), multipathTablesUsing(d), "no multipath table names " + d);
            await().atMost(LONG).until(() -> !Files.exists(Path.of("/sys/block", d.name())));
        }
        guest.daemon.idle().await();
        assertFalse(listed(map), "not created again");
    }
}
