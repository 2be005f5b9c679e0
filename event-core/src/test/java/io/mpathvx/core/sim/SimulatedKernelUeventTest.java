package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.RawUevent;
import io.mpathvx.core.kernel.UeventOverflowException;
import io.mpathvx.core.kernel.UeventSource;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static io.mpathvx.core.sim.SimFixture.drain;
import static io.mpathvx.core.sim.SimFixture.multipath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedKernelUeventTest {
    private final SimulatedKernel k = SimFixture.twoByTwo();

    /** The real kernel's datagrams from the fixture (kernel group only). */
    private static List<KernelUevent> fixture() throws IOException {
        List<KernelUevent> out = new ArrayList<>();
        try (InputStream in = SimulatedKernelUeventTest.class.getResourceAsStream("/fixtures/uevents-kernel6.1-scsi_debug.bin")) {
            assertNotNull(in, "fixture on the test class path");
            DataInputStream din = new DataInputStream(in);
            byte[] head = new byte[12];
            while (din.read(head, 0, 1) == 1) {
                din.readFully(head, 1, 11);
                ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
                int group = b.getInt();
                b.getInt();
                int len = b.getInt();
                byte[] data = new byte[len];
                din.readFully(data);
                if (group == RawUevent.KERNEL_GROUP) out.add(KernelUevent.parse(data));
            }
        }
        return out;
    }

    private static KernelUevent firstReal(List<KernelUevent> real, String action, String devpathEnd, String dmAction) {
        return real.stream().filter(e -> e.action().equals(action) && e.devpath().endsWith(devpathEnd)
                        && (dmAction == null ? !e.env().containsKey("DM_ACTION") && !e.env().containsKey("DM_COOKIE")
                        : dmAction.equals(e.get("DM_ACTION"))))
                .findFirst().orElseThrow();
    }

    @Test
    void mapLifecycleSendsTheKernelsUeventsWithTheRealKeyOrder() throws Exception {
        List<KernelUevent> real = fixture();
        assertEquals(55, real.size());
        k.create("mpcap", "mpath-capture");
        k.loadTable("mpcap", multipath("0 0 1 1 service-time 0 2 1 8:0 1 8:32 1"));
        k.resume("mpcap");
        k.message("mpcap", 0, "fail_path 8:0");
        k.message("mpcap", 0, "reinstate_path 8:0");
        k.remove("mpcap", false);
        List<KernelUevent> sim = drain(k);
        List<String> summary = sim.stream().map(e -> e.action() + "@" + e.devpath()
                + (e.get("DM_ACTION") == null ? "" : " " + e.get("DM_ACTION"))).toList();
        assertEquals(List.of(
                "add@/devices/virtual/bdi/253:0",
                "add@/devices/virtual/block/dm-0",
                "change@/devices/virtual/block/dm-0",
                "change@/devices/virtual/block/dm-0 PATH_FAILED",
                "change@/devices/virtual/block/dm-0 PATH_REINSTATED",
                "remove@/devices/virtual/block/dm-0",
                "remove@/devices/virtual/bdi/253:0",
                "remove@/devices/virtual/block/dm-0"), summary);
        for (int i = 1; i < sim.size(); i++) assertEquals(sim.get(i - 1).seqnum() + 1, sim.get(i).seqnum(), "SEQNUM increases by one");

        assertEquals(firstReal(real, "add", "/block/dm-0", null).keyOrder(), sim.get(1).keyOrder());
        assertEquals(firstReal(real, "change", "/block/dm-0", "PATH_FAILED").keyOrder(), sim.get(3).keyOrder());
        assertEquals(firstReal(real, "add", "/bdi/254:0", null).keyOrder(), sim.get(0).keyOrder());
        KernelUevent failed = sim.get(3);
        assertEquals("multipath", failed.get("DM_TARGET"));
        assertEquals("8:0", failed.get("DM_PATH"));
        assertEquals("1", failed.get("DM_NR_VALID_PATHS"));
        assertEquals("mpcap", failed.get("DM_NAME"));
        assertEquals("mpath-capture", failed.get("DM_UUID"));
        assertEquals("1", failed.get("DM_SEQNUM"));
        assertEquals("2", sim.get(4).get("DM_SEQNUM"));
        assertEquals("2", sim.get(4).get("DM_NR_VALID_PATHS"));
        assertEquals("253", failed.get("MAJOR"));
        assertEquals("dm-0", failed.get("DEVNAME"));
    }

    @Test
    void aDeviceGetsItsDiskAtTheFirstTableLoadAndOneWithoutATableComesAndGoesSilently() throws Exception {
        k.create("bare", null);
        k.rename("bare", "still-bare");
        k.remove("still-bare", false);
        assertEquals(0, k.queuedUevents());
        k.create("m", null);
        assertTrue(k.read("block/dm-0/dev").isEmpty(), "not in sysfs before add_disk");
        k.loadTable("m", multipath("0 0 1 1 round-robin 0 1 1 8:0 1"));
        assertEquals(List.of("add@/devices/virtual/bdi/253:0", "add@/devices/virtual/block/dm-0"),
                drain(k).stream().map(e -> e.action() + "@" + e.devpath()).toList());
        assertEquals("253:0", k.read("block/dm-0/dev").orElseThrow());
        k.clearTable("m");
        k.loadTable("m", multipath("0 0 1 1 round-robin 0 1 1 8:0 1"));
        assertEquals(0, k.queuedUevents(), "the disk is added once");
    }

    @Test
    void deferredRemovalOnLastCloseSendsOnlyTheBlockLayersRemoves() throws Exception {
        k.create("m", null);
        k.loadTable("m", multipath("0 0 1 1 round-robin 0 1 1 8:0 1"));
        k.openDevice("m");
        k.remove("m", true);
        drain(k);
        k.closeDevice("m");
        List<KernelUevent> ev = drain(k);
        assertEquals(List.of("remove@/devices/virtual/bdi/253:0", "remove@/devices/virtual/block/dm-0"),
                ev.stream().map(e -> e.action() + "@" + e.devpath()).toList());
    }

    @Test
    void pathHotplugSendsScsiBdiBlockAndBindEventsAndRemoveTheReverse() throws Exception {
        List<KernelUevent> real = fixture();
        String wwid = k.paths().get(0).wwid();
        String name = k.addPath(wwid, new SanTopology.PathSpec(2, 0, 0, "running", null, false, ""));
        assertEquals("sde", name);
        List<KernelUevent> add = drain(k);
        assertEquals(List.of("add", "add", "add", "bind"), add.stream().map(KernelUevent::action).toList());
        KernelUevent block = add.get(2);
        assertEquals("/devices/pseudo_0/adapter2/host2/target2:0:0/2:0:0:0/block/sde", block.devpath());
        assertEquals("block", block.get("SUBSYSTEM"));
        assertEquals("8", block.get("MAJOR"));
        assertEquals("64", block.get("MINOR"));
        assertEquals("sde", block.get("DEVNAME"));
        assertEquals("disk", block.get("DEVTYPE"));
        assertEquals(firstReal(real, "add", "/block/sdb", null).keyOrder(), block.keyOrder());
        assertEquals(firstReal(real, "bind", "1:0:0:0", null).keyOrder(), add.get(3).keyOrder());

        k.removePath(name);
        List<KernelUevent> rm = drain(k);
        assertEquals(List.of("remove", "remove", "unbind", "remove"), rm.stream().map(KernelUevent::action).toList());
        assertEquals(firstReal(real, "remove", "/block/sdb", null).keyOrder(), rm.get(1).keyOrder());
        assertEquals(firstReal(real, "unbind", "1:0:0:0", null).keyOrder(), rm.get(2).keyOrder());
        assertTrue(k.path(name).isEmpty());
    }

    @Test
    void aluaChangeAndResizeSendChangeEvents() throws Exception {
        k.setAlua("sda", "standby", false);
        k.resizeLun(k.path("sda").orElseThrow().wwid(), 4096);
        List<KernelUevent> ev = drain(k);
        assertEquals("ASYMMETRIC_ACCESS_STATE_CHANGED", ev.get(0).get("SDEV_UA"));
        assertEquals("scsi", ev.get(0).get("SUBSYSTEM"));
        assertEquals(List.of("sda", "sdc"), ev.subList(1, 3).stream().map(e -> e.get("DEVNAME")).toList());
        assertEquals("1", ev.get(1).get("RESIZE"));
        assertEquals("standby", k.read("block/sda/device/access_state").orElseThrow());
        assertEquals("4096", k.read("block/sdc/size").orElseThrow());
    }

    @Test
    void pathStateChangesSendNoUeventLikeTheKernel() throws Exception {
        k.setPathState("sda", DiskState.OFFLINE);
        k.write("block/sdb/device/state", "offline\n");
        assertEquals(0, k.queuedUevents());
        assertEquals(DiskState.OFFLINE, k.pathState("sdb").orElseThrow());
    }

    @Test
    void fullQueueOverflowsAndTheNextDrainReportsItOnce() throws Exception {
        SimulatedKernel small = SimulatedKernel.fromJson(new JsonObject().put("ueventQueueCapacity", 3)
                .put("generate", new JsonObject().put("luns", 1).put("pathsPerLun", 1)));
        small.create("a", null);
        assertEquals(0, small.queuedUevents(), "create alone registers no disk yet");
        small.loadTable("a", List.of(new io.mpathvx.core.kernel.DmTarget(0, 8, "zero", ""))); // 2 uevents
        small.create("b", null);
        small.loadTable("b", List.of(new io.mpathvx.core.kernel.DmTarget(0, 8, "zero", ""))); // 2 more: one is lost
        UeventOverflowException e = assertThrows(UeventOverflowException.class, () -> small.drain(x -> { }, 10));
        assertTrue(e.getMessage().contains("1 event(s) lost"), e.getMessage());
        List<KernelUevent> kept = drain(small);
        assertEquals(3, kept.size(), "what was queued before the overflow is still delivered");
        assertEquals(0, drain(small).size());
    }

    @Test
    void forcedOverflowAndDroppedUevents() throws Exception {
        k.faults().dropUevents(1);
        k.create("a", null);
        k.loadTable("a", multipath("0 0 1 1 round-robin 0 1 1 8:0 1"));
        List<KernelUevent> got = drain(k);
        assertEquals(1, got.size(), "the bdi add was dropped");
        assertEquals("/devices/virtual/block/dm-0", got.get(0).devpath());
        k.faults().overflowUevents();
        assertThrows(UeventOverflowException.class, () -> k.drain(x -> { }, 10));
        assertEquals(0, drain(k).size());
    }

    @Test
    void everyListenerGetsItsOwnCopyAndDrainHonoursMax() throws Exception {
        UeventSource second = k.openUeventSource(16);
        k.create("a", null);
        k.loadTable("a", multipath("0 0 1 1 round-robin 0 1 1 8:0 1"));
        List<RawUevent> a = new ArrayList<>();
        assertEquals(1, k.drain(a::add, 1));
        assertEquals(1, k.drain(a::add, 1));
        assertEquals(0, k.drain(a::add, 1));
        List<RawUevent> b = new ArrayList<>();
        assertEquals(2, second.drain(b::add, 10));
        assertEquals(RawUevent.KERNEL_GROUP, b.get(0).group());
        assertEquals(0, b.get(0).senderPid());
        second.close();
        k.create("b", null);
        k.loadTable("b", multipath("0 0 1 1 round-robin 0 1 1 8:16 1"));
        assertEquals(0, second.drain(b::add, 10), "a closed listener receives nothing");
    }
}
