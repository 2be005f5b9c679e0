package io.mpathvx.api;

import io.mpathvx.checkers.LinuxScsiPort;
import io.mpathvx.core.kernel.Cdb;
import io.mpathvx.core.kernel.ScsiReply;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDebugSan;
import io.mpathvx.core.testkit.ScsiDisk;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In the guest: scsi_debug with vendor LIO-ORG on two hosts (vpd_use_hostno=0: host 0's port group active/optimized,
 * host 1's non-optimized), so hwtable.c:1048 (LIO-ORG|SUSE)/.* applies (prio alua, checker directio, detect_checker
 * no, no_path_retry 12). {@code mpathvx dry-run --json} on the real kernel selects what multipathd 0.14.3 would
 * (detect_prio → sysfs, the entry's directio, detect_pgpolicy → group_by_prio, the alua handler retained), the
 * alua prioritizer's REPORT TARGET PORT GROUPS answer gives the priorities the kernel's own scsi_dh_alua shows in
 * sysfs, and TEST UNIT READY answers GOOD through {@link LinuxScsiPort}. Checked against sysfs (the kernel's view:
 * {@code device/inquiry}, {@code access_state}), not only our own code.
 */
@Tag("real-kernel")
@ExtendWith(ScsiDebugSan.class)
class DeviceSelectionKernelTest {
    @TempDir
    Path dir;

    @Test
    void dryRunSelectsLikeMultipathdAndAluaMatchesTheKernel() throws Exception {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug(2, "add_host=2", "num_tgts=1", "max_luns=1",
                "vpd_use_hostno=0", "dev_size_mb=4", "inq_vendor=LIO-ORG");
        // the kernel's view: TPGS from the standard INQUIRY data sysfs keeps, access state from scsi_dh_alua
        for (ScsiDisk d : disks) {
            byte[] inq = Files.readAllBytes(Path.of("/sys/block/" + d.name() + "/device/inquiry"));
            assertEquals(1, (inq[5] >> 4) & 3, d.name() + ": scsi_debug should claim implicit TPGS");
        }
        JsonObject map = dryRun("defaults {\n    find_multipaths greedy\n}\n");
        JsonObject s = map.getJsonObject("settings");
        assertEquals("group_by_prio", s.getJsonObject("path_grouping_policy").getString("value"), map.encodePrettily());
        assertEquals("(setting: storage device autodetected)",
                s.getJsonObject("path_grouping_policy").getString("origin"));
        assertEquals("1 alua", s.getJsonObject("hardware_handler").getString("value"));
        assertEquals("(setting: retained by kernel driver)", s.getJsonObject("hardware_handler").getString("origin"));
        assertEquals("0", s.getJsonObject("features").getString("value"));
        assertEquals("12", s.getJsonObject("no_path_retry").getString("value"));   // hwtable.c:1048
        JsonArray paths = map.getJsonArray("paths");
        assertEquals(2, paths.size(), map.encodePrettily());
        for (int i = 0; i < paths.size(); i++) {
            JsonObject p = paths.getJsonObject(i);
            assertEquals("sysfs", p.getJsonObject("prio").getString("value"), p.encodePrettily());
            assertEquals("directio", p.getJsonObject("checker").getString("value"), p.encodePrettily());
            assertTrue(p.getJsonObject("checker").getString("origin").startsWith("(setting: storage device configuration"));
            assertEquals("(setting: storage device autodetected)", p.getJsonObject("prio").getString("origin"));
            assertEquals("30", p.getJsonObject("checker_timeout").getString("value"));   // sysfs device/timeout
            assertEquals("implicit", p.getString("tpgs"));
            assertEquals(kernelPriority(p.getString("name")), p.getInteger("priority"), p.encodePrettily());
        }
        assertEquals(2, paths.getJsonObject(1).getInteger("group"), "one group per priority");

        // the alua prioritizer asks the device itself (RTPG); its values agree with scsi_dh_alua's state in sysfs
        JsonObject alua = dryRun("defaults {\n    find_multipaths greedy\n}\ndevices {\n    device {\n"
                + "        vendor LIO-ORG\n        product scsi_debug\n        detect_prio no\n    }\n}\n");
        JsonArray aluaPaths = alua.getJsonArray("paths");
        assertEquals(2, aluaPaths.size(), alua.encodePrettily());
        for (int i = 0; i < aluaPaths.size(); i++) {
            JsonObject p = aluaPaths.getJsonObject(i);
            assertEquals("alua", p.getJsonObject("prio").getString("value"), p.encodePrettily());
            assertTrue(p.getInteger("tpg") >= 0, p.encodePrettily());
            assertEquals(kernelPriority(p.getString("name")), p.getInteger("priority"), p.encodePrettily());
        }
        assertTrue(aluaPaths.getJsonObject(0).getInteger("tpg") != aluaPaths.getJsonObject(1).getInteger("tpg"),
                "each host is its own target port group: " + alua.encodePrettily());

        // TEST UNIT READY through SG_IO (a first unit attention after the scan is retried, as tur.c does)
        LinuxScsiPort scsi = new LinuxScsiPort();
        for (ScsiDisk d : disks) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                ScsiReply r = scsi.execute(d.name(), Cdb.testUnitReady(), 0, 10_000);
                return r.good();
            });
        }
    }

    /** The sysfs prioritizer's value from the kernel's own attributes (scsi_dh_alua's state). */
    private static int kernelPriority(String disk) throws Exception {
        String state = Files.readString(Path.of("/sys/block/" + disk + "/device/access_state")).strip();
        String pref = Files.readString(Path.of("/sys/block/" + disk + "/device/preferred_path")).strip();
        int prio = switch (state) {
            case "active/optimized" -> 50;
            case "active/non-optimized" -> 10;
            case "lba-dependent" -> 5;
            case "standby" -> 1;
            default -> 0;
        };
        return pref.equals("1") && prio != 50 ? prio + 80 : prio;
    }

    private JsonObject dryRun(String config) throws Exception {
        Path conf = dir.resolve("multipath-" + config.hashCode() + ".conf");
        Files.writeString(conf, config);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = Main.run(new String[]{"dry-run", "--config", conf.toString(), "--json"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
        JsonArray maps = new JsonObject(out.toString(StandardCharsets.UTF_8)).getJsonArray("maps");
        assertEquals(1, maps.size(), out.toString(StandardCharsets.UTF_8));
        return maps.getJsonObject(0);
    }
}
