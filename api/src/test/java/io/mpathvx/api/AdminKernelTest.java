package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.config.LoadedConfig;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.testkit.CountingDmControl;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;
import io.mpathvx.dm.LinuxDmControl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The operator's commands through the {@code mpathvx} client and the admin socket, against the real kernel in the
 * QEMU guest, each checked with dmsetup: fail/reinstate path, switchgroup, disablequeueing, resize after a
 * scsi_debug capacity change, flush (refused while open), reconfigure leaving the other map untouched.
 */
@Tag("real-kernel")
class AdminKernelTest {
    private static final String CONFIG = """
            defaults {
                polling_interval 2
                find_multipaths greedy
                user_friendly_names no
            }
            overrides {
                path_grouping_policy failover
            }
            """ + GuestConfig.SCSI_DEBUG_DEVICE;
    private static final Duration LONG = Duration.ofSeconds(120);

    private GuestAdminDaemon guest;

    @BeforeAll
    static void guestOnly() {
        GuestKernel.assumeGuest();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (guest != null) guest.close();
        GuestKernel.dmsetup("remove_all", "--force");
        GuestKernel.unloadScsiDebug();
    }

    /** The client's exit code, a blank and what it printed (stdout and stderr). */
    private String cli(String... args) {
        AdminFixture.Run r = guest.cli(args);
        return r.exit() + " " + r.out() + r.err();
    }

    private static String table(String map) {
        return GuestKernel.dmsetup("table", map).output().strip();
    }

    private static MultipathStatus status(String map) throws Exception {
        String line = GuestKernel.dmsetup("status", map).output().strip();
        return MultipathStatus.parse(line.substring(line.indexOf(" multipath ") + " multipath ".length()));
    }

    private static boolean active(String map, ScsiDisk disk) throws Exception {
        return status(map).groups().stream().flatMap(g -> g.paths().stream())
                .filter(p -> p.devt().equals(disk.devt())).findFirst().orElseThrow().active();
    }

    /** The multipath maps dmsetup lists. */
    private static List<String> multipathMaps() {
        return GuestKernel.dmsetup("table", "--target", "multipath").output().lines().filter(l -> l.contains(": "))
                .map(l -> l.substring(0, l.indexOf(": "))).toList();
    }

    /** The map whose table names the disk's device number (the multipath WWID is not sysfs' device/wwid). */
    private static String mapOf(ScsiDisk disk) {
        return GuestKernel.dmsetup("table", "--target", "multipath").output().lines()
                .filter(l -> l.contains(": ") && java.util.Arrays.asList(l.split("\\s+")).contains(disk.devt().toString()))
                .map(l -> l.substring(0, l.indexOf(": "))).findFirst().orElseThrow(() -> new AssertionError("no map uses " + disk));
    }

    private static boolean listed(String map) {
        return GuestKernel.dmsetup("ls", "--target", "multipath").output().lines().anyMatch(l -> l.startsWith(map + "\t") || l.startsWith(map + " "));
    }

    @Test
    void operatorCommandsChangeWhatDmsetupShows() throws Exception {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug(4, "add_host=2", "num_tgts=1", "max_luns=2",
                "vpd_use_hostno=0", "dev_size_mb=8");
        LoadedConfig loaded = ConfigLoader.parse(CONFIG, "admin.conf");
        assertEquals(List.of(), loaded.warnings());
        CountingDmControl dm = new CountingDmControl(LinuxDmControl.open());
        guest = GuestAdminDaemon.start(dm, loaded);

        ScsiDisk disk = disks.get(0);
        await().atMost(LONG).until(() -> multipathMaps().size() == 2);
        String map = mapOf(disk);
        String other = multipathMaps().stream().filter(m -> !m.equals(map)).findFirst().orElseThrow();
        await().atMost(LONG).until(() -> status(map).groups().size() == 2
                && status(map).groups().stream().allMatch(g -> g.paths().stream().allMatch(MultipathStatus.PathStatus::active)));
        guest.daemon.idle().await();
        System.out.println(cli("show", "topology"));

        // fail path / reinstate path: the A/F flag in dmsetup status
        assertTrue(cli("fail", "path", disk.name()).startsWith("0 ok"));
        assertFalse(active(map, disk), "dmsetup status shows the path failed");
        assertTrue(cli("reinstate", "path", disk.name()).startsWith("0 ok"));
        assertTrue(active(map, disk), "dmsetup status shows the path active");

        // switchgroup: the next group in dmsetup status
        int to = status(map).nextGroup() == 2 ? 1 : 2;
        assertTrue(cli("switchgroup", "map", map, "group", String.valueOf(to)).startsWith("0 ok"));
        assertEquals(to, status(map).nextGroup(), "dmsetup status names the switched-to group next");

        // disablequeueing / restorequeueing: queue_if_no_path in dmsetup table
        assertTrue(table(map).contains("queue_if_no_path"), table(map));
        assertTrue(cli("disablequeueing", "map", map).startsWith("0 ok"));
        assertFalse(table(map).contains("queue_if_no_path"), table(map));
        assertTrue(table(other).contains("queue_if_no_path"), "the other map still queues");
        assertTrue(cli("restorequeueing", "map", map).startsWith("0 ok"));
        assertTrue(table(map).contains("queue_if_no_path"), table(map));

        // reconfigure with an unchanged configuration: no table load, no suspend, both tables as they were
        String otherTable = table(other);
        long loads = dm.count("TABLE_LOAD");
        long suspends = dm.count("SUSPEND");
        assertTrue(cli("reconfigure").startsWith("0 ok"));
        assertEquals(otherTable, table(other));
        assertEquals(loads, dm.count("TABLE_LOAD"));
        assertEquals(suspends, dm.count("SUSPEND"));

        // resize map after a scsi_debug capacity change (the sd rescan also sends a change uevent)
        long before = Long.parseLong(table(map).split("\\s+")[1]);
        Files.writeString(Path.of("/sys/bus/pseudo/drivers/scsi_debug/virtual_gb"), "1");
        for (ScsiDisk d : disks) Files.writeString(Path.of("/sys/block/" + d.name() + "/device/rescan"), "1");
        long after = Long.parseLong(Files.readString(Path.of("/sys/block/" + disk.name() + "/size")).strip());
        assertTrue(after > before, "scsi_debug grew: " + before + " -> " + after);
        // the rescans' change uevents are looked up first: resize re-reads the paths the daemon knows for the table's
        // devices, and one CI run resized with one of the two while the other's lookup was still out
        await().atMost(Duration.ofMinutes(2)).until(() -> {
            guest.daemon.idle().toCompletionStage().toCompletableFuture().get();
            return java.util.regex.Pattern.compile("\\b\\d+:\\d+\\b").matcher(table(map)).results()
                    .allMatch(m -> guest.daemon.snapshot().path(m.group()).isPresent());
        });
        assertTrue(cli("resize", "map", map).startsWith("0 ok"));
        assertEquals(after, Long.parseLong(table(map).split("\\s+")[1]), "dmsetup table has the new length: " + table(map));

        // flush map: refused while open, then gone from dmsetup ls, and not created again
        Path dev = Path.of("/dev/mapper/" + map);
        await().atMost(LONG).until(() -> Files.exists(dev));
        try (FileChannel open = FileChannel.open(dev, StandardOpenOption.READ)) {
            String refused = cli("del", "map", map);
            assertTrue(refused.startsWith("1 fail") && refused.contains("in use"), refused);
            assertTrue(listed(map), "an open map stays");
        }
        assertTrue(cli("-f", map).startsWith("0 ok"));
        assertFalse(listed(map), "dmsetup ls no longer lists the flushed map");
        assertTrue(listed(other));
        guest.daemon.idle().await();
        assertFalse(listed(map), "not created again");
    }
}
