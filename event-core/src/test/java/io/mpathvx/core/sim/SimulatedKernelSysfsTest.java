package io.mpathvx.core.sim;

import io.mpathvx.core.model.DevT;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static io.mpathvx.core.sim.SimFixture.multipath;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedKernelSysfsTest {
    private static final String WWID = "36001405aa5ef0000000000000000b0b0";

    private static SimulatedKernel kernel(boolean udev) throws TopologyException {
        JsonObject lun = new JsonObject().put("wwid", WWID).put("sizeMb", 16).put("vendor", "LIO-ORG")
                .put("product", "block1").put("revision", "4.0").put("lun", 3)
                .put("paths", new JsonArray()
                        .add(new JsonObject().put("host", 2).put("target", 1).put("alua", "active/optimized").put("preferred", true))
                        .add(new JsonObject().put("host", 5).put("alua", "standby").put("state", "offline")
                                .put("targetNodeName", "0x2000001405aa5ef0")));
        JsonObject t5 = new JsonObject().put("wwid", "2" + "0123456789abcdef").put("sizeSectors", 100).put("vendor", "NVME")
                .put("product", "x").put("paths", new JsonArray().add(new JsonObject().put("host", 2)));
        return SimulatedKernel.fromJson(new JsonObject().put("udev", udev).put("luns", new JsonArray().add(lun).add(t5)));
    }

    @Test
    void diskAttributesMirrorTheRealLayout() throws Exception {
        SimulatedKernel k = kernel(false);
        // scan order: host 2 (target 0 lun 1 then target 1 lun 3), then host 5
        assertEquals(List.of("sda", "sdb", "sdc"), k.list("block"));
        assertEquals("8:16", k.read("block/sdb/dev").orElseThrow());
        assertEquals("32768", k.read("block/sdb/size").orElseThrow());
        assertEquals("0", k.read("block/sdb/ro").orElseThrow());
        assertEquals("512", k.read("block/sdb/queue/logical_block_size").orElseThrow());
        assertEquals("LIO-ORG ", k.read("block/sdb/device/vendor").orElseThrow(), "SCSI strings are space padded");
        assertEquals("block1          ", k.read("block/sdb/device/model").orElseThrow());
        assertEquals("4.0 ", k.read("block/sdb/device/rev").orElseThrow());
        assertEquals("running", k.read("block/sdb/device/state").orElseThrow());
        assertEquals("offline", k.read("block/sdc/device/state").orElseThrow());
        assertEquals("naa.6001405aa5ef0000000000000000b0b0", k.read("block/sdb/device/wwid").orElseThrow());
        assertEquals("eui.0123456789abcdef", k.read("block/sda/device/wwid").orElseThrow());
        assertEquals("alua", k.read("block/sdb/device/dh_state").orElseThrow());
        assertEquals("active/optimized", k.read("block/sdb/device/access_state").orElseThrow());
        assertEquals("1", k.read("block/sdb/device/preferred_path").orElseThrow());
        assertEquals("standby", k.read("block/sdc/device/access_state").orElseThrow());
        assertEquals("detached", k.read("block/sda/device/dh_state").orElseThrow());
        assertTrue(k.read("block/sda/device/access_state").isEmpty(), "no ALUA, no access_state");
        assertTrue(k.read("block/sdz/size").isEmpty());
        assertTrue(k.read("block/sdb/nonsense").isEmpty());
        assertEquals("../../../2:0:1:3", k.readLink("block/sdb/device").orElseThrow());
        assertEquals("../devices/pseudo_0/adapter2/host2/target2:0:1/2:0:1:3/block/sdb", k.readLink("block/sdb").orElseThrow());
        assertEquals("../../devices/pseudo_0/adapter2/host2/target2:0:1/2:0:1:3/block/sdb", k.readLink("dev/block/8:16").orElseThrow());
        assertEquals("8:16", k.read("dev/block/8:16/dev").orElseThrow());
        assertEquals(List.of("2:0:1:3"), k.list("block/sdb/device/scsi_device"));
        assertTrue(k.list("block/sdb/device").containsAll(List.of("vendor", "model", "state", "access_state", "vpd_pg83", "wwid")));
        assertEquals(List.of("host2", "host5"), k.list("class/scsi_host"));
        assertEquals("0x2000001405aa5ef0", k.read("class/fc_transport/target5:0:0/node_name").orElseThrow());
        assertThrows(IOException.class, () -> k.read("block/sdb/device/delete"));
        // the links' targets resolve too
        String real = "devices/pseudo_0/adapter2/host2/target2:0:1/2:0:1:3";
        assertEquals("8:16", k.read(real + "/block/sdb/dev").orElseThrow());
        assertEquals("LIO-ORG ", k.read(real + "/vendor").orElseThrow());
        assertEquals("LIO-ORG ", k.read("/sys/" + real + "/vendor").orElseThrow());
        assertTrue(k.read("devices/pseudo_0/adapter9/host9/target9:0:1/2:0:1:3/vendor").isEmpty(), "wrong parent");
        assertTrue(k.readLink(real + "/block/sdb").isEmpty(), "a real location is no link");
    }

    /** Decodes the LU designators of a VPD 0x83 page by multipath-tools' rules (NAA → '3'+hex, EUI-64 → '2'+hex). */
    private static String wwidFromVpd83(byte[] page) {
        assertEquals((byte) 0x83, page[1]);
        int len = ((page[2] & 0xff) << 8) | (page[3] & 0xff);
        assertEquals(page.length, len + 4);
        String best = null;
        for (int i = 4; i < page.length; ) {
            int assoc = (page[i + 1] >> 4) & 3;
            int type = page[i + 1] & 0xf;
            int dlen = page[i + 3] & 0xff;
            byte[] v = java.util.Arrays.copyOfRange(page, i + 4, i + 4 + dlen);
            if (assoc == 0 && type == 3) best = "3" + HexFormat.of().formatHex(v);
            if (assoc == 0 && type == 2 && best == null) best = "2" + HexFormat.of().formatHex(v);
            i += 4 + dlen;
        }
        return best;
    }

    @Test
    void vpdPagesEncodeTheSameWwidUdevReports() throws Exception {
        SimulatedKernel k = kernel(true);
        assertEquals(WWID, wwidFromVpd83(k.readBytes("block/sdb/device/vpd_pg83").orElseThrow()));
        assertEquals("20123456789abcdef", wwidFromVpd83(k.readBytes("block/sda/device/vpd_pg83").orElseThrow()));
        byte[] pg80 = k.readBytes("block/sdb/device/vpd_pg80").orElseThrow();
        assertEquals((byte) 0x80, pg80[1]);
        Map<String, String> udev = k.udevProperties(new DevT(8, 16)).orElseThrow();
        assertEquals(WWID, udev.get("ID_SERIAL"));
        assertEquals(WWID.substring(1), udev.get("ID_SERIAL_SHORT"));
        assertEquals("0x6001405aa5ef0000", udev.get("ID_WWN"));
        assertEquals("LIO-ORG", udev.get("ID_VENDOR"));
        assertEquals("/dev/sdb", udev.get("DEVNAME"));
        assertArrayEquals(k.read("block/sdb/device/vpd_pg83").orElseThrow().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1),
                k.readBytes("block/sdb/device/vpd_pg83").orElseThrow());
    }

    @Test
    void withoutUdevThereAreNoUdevProperties() throws Exception {
        assertTrue(kernel(false).udevProperties(new DevT(8, 16)).isEmpty());
        assertTrue(kernel(true).udevProperties(new DevT(8, 240)).isEmpty());
    }

    @Test
    void dmDevicesAppearWithHoldersAndSlaves() throws Exception {
        SimulatedKernel k = SimFixture.twoByTwo();
        k.create("mpatha", "mpath-x");
        k.loadTable("mpatha", multipath("0 0 1 1 round-robin 0 2 1 8:0 1 8:32 1"));
        assertEquals(List.of("sda", "sdc"), k.list("block/dm-0/slaves"), "links exist from table load on");
        assertEquals(List.of("dm-0"), k.list("block/sda/holders"));
        assertEquals("../../dm-0", k.readLink("block/sda/holders/dm-0").orElseThrow());
        assertEquals("0", k.read("block/dm-0/size").orElseThrow(), "no live table yet");
        k.resume("mpatha");
        assertEquals("2097152", k.read("block/dm-0/size").orElseThrow());
        assertEquals("mpatha", k.read("block/dm-0/dm/name").orElseThrow());
        assertEquals("mpath-x", k.read("block/dm-0/dm/uuid").orElseThrow());
        assertEquals("253:0", k.read("block/dm-0/dev").orElseThrow());
        assertEquals("0", k.read("block/dm-0/dm/suspended").orElseThrow());
        assertEquals("../devices/virtual/block/dm-0", k.readLink("block/dm-0").orElseThrow());
        assertTrue(k.list("block").contains("dm-0"));
        k.loadTable("mpatha", multipath("0 0 1 1 round-robin 0 1 1 8:32 1"));
        k.resume("mpatha");
        assertEquals(List.of(), k.list("block/sda/holders"), "the swapped-out table let go of sda");
        k.remove("mpatha", false);
        assertEquals(List.of(), k.list("block/sdc/holders"));
        assertTrue(k.read("block/dm-0/dev").isEmpty());
    }

    @Test
    void writesSetStateAndDeleteOthersAreRefused() throws Exception {
        SimulatedKernel k = SimFixture.twoByTwo();
        k.write("block/sda/device/state", "offline");
        assertEquals(DiskState.OFFLINE, k.pathState("sda").orElseThrow());
        k.write("block/sda/device/state", "running\n");
        assertEquals(DiskState.RUNNING, k.pathState("sda").orElseThrow());
        assertThrows(IOException.class, () -> k.write("block/sda/device/state", "sleepy"));
        assertThrows(IOException.class, () -> k.write("block/sda/size", "1"));
        assertThrows(IOException.class, () -> k.write("block/nope/device/state", "offline"));
        k.write("block/sdd/device/delete", "1");
        assertEquals(List.of("sda", "sdb", "sdc"), k.list("block"));
        String wwid = k.paths().get(0).wwid();
        assertEquals("sdd", k.addPath(wwid, new SanTopology.PathSpec(3, 0, 0, "running", null, false, "")),
                "sd reuses the lowest free index");
    }
}
