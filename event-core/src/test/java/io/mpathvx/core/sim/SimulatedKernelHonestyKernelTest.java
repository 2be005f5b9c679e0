package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.testkit.CommandResult;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds the simulated kernel honest: the same device-mapper steps on the real kernel (dmsetup over two scsi_debug
 * paths to one LUN, no udevd) and on a SimulatedKernel with the same SAN, comparing table and status strings, event
 * numbers, errnos and when the dm disk appears in sysfs. Runs in the QEMU tier only (docs/real-kernel-tier.md).
 */
@Tag("real-kernel")
class SimulatedKernelHonestyKernelTest {
    private static final String NAME = "mpvx-honest";
    private static final String OTHER = "mpvx-honest-b";

    private List<ScsiDisk> disks;
    private SimulatedKernel sim;
    private long sectors;

    @BeforeAll
    static void guestOnly() {
        GuestKernel.assumeGuest();
    }

    @BeforeEach
    void start() throws Exception {
        disks = GuestKernel.loadScsiDebug("add_host=2 vpd_use_hostno=0 dev_size_mb=4");
        sectors = Long.parseLong(Files.readString(Path.of("/sys/block", disks.get(0).name(), "size")).strip());
        JsonArray paths = new JsonArray();
        for (ScsiDisk d : disks) {
            JsonObject path = new JsonObject().put("host", d.host());
            Path access = Path.of("/sys/block", d.name(), "device/access_state");
            if (Files.exists(access)) path.put("alua", Files.readString(access).strip()); // scsi_dh_alua attached
            paths.add(path);
        }
        sim = SimulatedKernel.fromJson(new JsonObject().put("luns", new JsonArray().add(new JsonObject()
                .put("wwid", "36001405000000000000000000000abcd").put("sizeSectors", sectors).put("paths", paths))));
    }

    @AfterEach
    void stop() {
        GuestKernel.dmsetup("remove", NAME);
        GuestKernel.dmsetup("remove", OTHER);
        GuestKernel.setRunning(disks.get(0));
        GuestKernel.unloadScsiDebug();
    }

    /** A real device number's word in a table → a neutral token, so real and simulated strings compare. */
    private String neutral(String text, boolean real) {
        StringBuilder sb = new StringBuilder();
        for (String w : text.strip().split("\\s+")) {
            String out = w;
            for (int i = 0; i < disks.size(); i++) {
                DevT dev = real ? disks.get(i).devt() : sim.paths().get(i).devt();
                if (w.equals(dev.toString())) out = "@" + i;
            }
            sb.append(sb.length() == 0 ? "" : " ").append(out);
        }
        return sb.toString();
    }

    private String simParams(String neutralTable) {
        StringBuilder sb = new StringBuilder();
        for (String w : neutralTable.split(" ")) {
            String out = w.startsWith("@") ? sim.paths().get(Integer.parseInt(w.substring(1))).devt().toString() : w;
            sb.append(sb.length() == 0 ? "" : " ").append(out);
        }
        return sb.toString();
    }

    private String realParams(String neutralTable) {
        StringBuilder sb = new StringBuilder();
        for (String w : neutralTable.split(" ")) {
            String out = w.startsWith("@") ? disks.get(Integer.parseInt(w.substring(1))).devt().toString() : w;
            sb.append(sb.length() == 0 ? "" : " ").append(out);
        }
        return sb.toString();
    }

    /** The params of a one-target dmsetup table/status line, neutralised. */
    private String real(String what) {
        String line = GuestKernel.dmsetup(what, NAME).orThrow("dmsetup " + what).output().strip();
        String[] f = line.split("\\s+", 4);
        return neutral(f.length > 3 ? f[3] : "", true);
    }

    private long realEvents() {
        return Long.parseLong(GuestKernel.dmsetup("info", "-c", "--noheadings", "-o", "events", NAME)
                .orThrow("dmsetup info").output().strip());
    }

    private int realMinor(String name) {
        return Integer.parseInt(GuestKernel.dmsetup("info", "-c", "--noheadings", "-o", "minor", name)
                .orThrow("dmsetup info").output().strip());
    }

    private void both(String message) throws DmException {
        GuestKernel.dmsetup("message", NAME, "0", realParams(message)).orThrow("dmsetup message " + message);
        sim.message(NAME, 0, simParams(message));
    }

    private void assertSame(String step) throws DmException {
        assertEquals(real("table"), neutral(sim.table(NAME).get(0).params(), false), step + ": table");
        assertEquals(real("status"), neutral(sim.status(NAME).get(0).params(), false), step + ": status");
        assertEquals(realEvents(), sim.info(NAME).eventNr(), step + ": event number");
    }

    @Test
    void simulatedDeviceMapperBehavesLikeTheRealOne() throws Exception {
        String table = "2 queue_if_no_path retain_attached_hw_handler 0 2 1 service-time 0 1 1 @0 1 round-robin 0 1 0 @1";

        GuestKernel.dmsetup("create", NAME, "-u", "mpath-honest", "--notable").orThrow("create");
        sim.create(NAME, "mpath-honest");
        CommandResult dup = GuestKernel.dmsetup("create", NAME, "--notable");
        assertFalse(dup.ok());
        assertTrue(dup.output().contains("Device or resource busy"), dup.output());
        assertEquals(Errno.EBUSY, assertThrows(DmException.class, () -> sim.create(NAME, null)).errno());
        CommandResult dupUuid = GuestKernel.dmsetup("create", OTHER, "-u", "mpath-honest", "--notable");
        assertTrue(dupUuid.output().contains("Device or resource busy"), dupUuid.output());
        assertEquals(Errno.EBUSY, assertThrows(DmException.class, () -> sim.create(OTHER, "mpath-honest")).errno());

        int minor = realMinor(NAME);
        assertEquals(Files.exists(Path.of("/sys/block/dm-" + minor)), sim.read("block/dm-0/dev").isPresent(),
                "dm disk in sysfs before the first table load");

        String line = "0 " + sectors + " multipath ";
        GuestKernel.dmsetup("load", NAME, "--table", line + realParams(table)).orThrow("load");
        sim.loadTable(NAME, List.of(new DmTarget(0, sectors, "multipath", simParams(table))));
        assertEquals(Files.exists(Path.of("/sys/block/dm-" + minor)), sim.read("block/dm-0/dev").isPresent(),
                "dm disk in sysfs after the first table load");

        GuestKernel.dmsetup("resume", NAME).orThrow("resume");
        sim.resume(NAME);
        assertSame("after create");

        both("fail_path @0");
        assertSame("fail_path");
        both("fail_path @0");
        assertSame("fail_path of a failed path");
        both("switch_group 2");
        assertSame("switch_group");
        both("reinstate_path @0");
        assertSame("reinstate_path");
        both("fail_if_no_path");
        assertSame("fail_if_no_path");
        both("queue_if_no_path");
        assertSame("queue_if_no_path");

        GuestKernel.dmsetup("suspend", "--noflush", NAME).orThrow("suspend");
        sim.suspend(NAME, true, false);
        assertSame("suspended without flush");
        GuestKernel.dmsetup("resume", NAME).orThrow("resume");
        sim.resume(NAME);
        assertSame("resumed");
        GuestKernel.dmsetup("suspend", NAME).orThrow("suspend with flush");
        sim.suspend(NAME, false, false);
        assertSame("suspended with flush");
        GuestKernel.dmsetup("resume", NAME).orThrow("resume");
        sim.resume(NAME);
        assertSame("resumed again");

        GuestKernel.dmsetup("load", NAME, "--table", line + realParams(table)).orThrow("reload");
        GuestKernel.dmsetup("resume", NAME).orThrow("resume after reload");
        sim.loadTable(NAME, List.of(new DmTarget(0, sectors, "multipath", simParams(table))));
        sim.resume(NAME);
        assertSame("reloaded");

        GuestKernel.setOffline(disks.get(0));
        sim.setPathState(sim.paths().get(0).name(), DiskState.OFFLINE);
        String single = "0 0 1 1 round-robin 0 1 1 @0 1";
        CommandResult offline = GuestKernel.dmsetup("create", OTHER, "--table", line + realParams(single));
        assertFalse(offline.ok(), "a new map cannot open an offline path: " + offline.output());
        DmException e = assertThrows(DmException.class, () -> {
            sim.create(OTHER, null);
            sim.loadTable(OTHER, List.of(new DmTarget(0, sectors, "multipath", simParams(single))));
        });
        assertEquals(Errno.ENXIO, e.errno());
        assertTrue(offline.output().contains("No such device or address"), offline.output());

        GuestKernel.dmsetup("remove", NAME).orThrow("remove");
        sim.remove(NAME, false);
    }

    /** Reads one block through the map with O_DIRECT, as a workload would. */
    private static CommandResult readThrough(int minor) {
        return GuestKernel.run(List.of("dd", "if=/dev/dm-" + minor, "of=/dev/null", "bs=4096", "count=1", "iflag=direct"));
    }

    @Test
    void ioThroughAMapFailsOfflinePathsLikeTheRealOne() throws Exception {
        String table = "1 retain_attached_hw_handler 0 2 1 service-time 0 1 1 @0 1 service-time 0 1 1 @1 1";
        String line = "0 " + sectors + " multipath ";
        GuestKernel.dmsetup("create", NAME, "--table", line + realParams(table)).orThrow("create");
        sim.create(NAME, null);
        sim.loadTable(NAME, List.of(new DmTarget(0, sectors, "multipath", simParams(table))));
        sim.resume(NAME);
        int minor = realMinor(NAME);
        assertSame("created, no I/O yet");

        readThrough(minor).orThrow("first read");
        assertEquals(IoResult.COMPLETED, sim.io(NAME));
        assertSame("after the first I/O");

        GuestKernel.setOffline(disks.get(0));
        sim.setPathState(sim.paths().get(0).name(), DiskState.OFFLINE);
        readThrough(minor).orThrow("read with the first group's path offline");
        assertEquals(IoResult.COMPLETED, sim.io(NAME));
        // the kernel raises the path's dm event from a work item: wait for it before comparing
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> realEvents() >= 1);
        assertSame("after I/O hit the offline path");

        GuestKernel.setRunning(disks.get(0));
        sim.setPathState(sim.paths().get(0).name(), DiskState.RUNNING);
        both("reinstate_path @0");
        assertSame("reinstated");
        GuestKernel.dmsetup("remove", NAME).orThrow("remove");
        sim.remove(NAME, false);
    }
}
