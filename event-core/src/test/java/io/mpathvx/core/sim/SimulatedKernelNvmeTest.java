package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.Cdb;
import io.mpathvx.core.kernel.NvmeCommand;
import io.mpathvx.core.kernel.NvmeReply;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NVMe namespaces with native multipathing off: one block device per namespace and controller, laid out in sysfs as
 * Linux does (drivers/nvme/host), and the admin commands multipathd sends (Identify, ANA log).
 */
class SimulatedKernelNvmeTest {
    private static SimulatedKernel kernel(boolean udev) throws TopologyException {
        return SimulatedKernel.fromJson(new JsonObject("""
                {"udev": %s, "luns": [{"wwid": "3600a0000000000000000000000000001", "paths": [{"host": 0}]}],
                 "nvme": [{"model": "NetApp ONTAP Controller", "serial": "81Fz1cBb", "firmware": "9.14.1",
                   "transport": "tcp", "controllers": 2, "namespaces": [
                     {"nsid": 1, "wwid": "eui.00a0987000000001", "sizeMb": 2, "paths": [
                         {"controller": 0, "ana": "optimized"}, {"controller": 1, "ana": "non-optimized"}]},
                     {"nsid": 3, "wwid": "uuid.6a1b2c3d-0000-4000-8000-00a098700003", "paths": [
                         {"controller": 1, "ana": "inaccessible", "anaGroup": 9}]}]}]}""".formatted(udev)));
    }

    @Test
    void namespacesAreNamedPerControllerAndHead() throws Exception {
        SimulatedKernel k = kernel(false);
        assertEquals(List.of("nvme0n1", "nvme1n1", "nvme1n2", "sda"), k.list("block"));
        assertEquals(Optional.of("259:0"), k.read("block/nvme0n1/dev"));
        assertEquals(Optional.of("259:2"), k.read("block/nvme1n2/dev"));
        assertEquals(Optional.of("4096"), k.read("block/nvme0n1/size"));
        assertEquals(Optional.of("eui.00a0987000000001"), k.read("block/nvme1n1/wwid"));
        assertEquals(Optional.of("3"), k.read("block/nvme1n2/nsid"));
        assertEquals(Optional.of("../../nvme1"), k.readLink("block/nvme1n1/device"));
        assertEquals(Optional.of("../devices/virtual/nvme-fabrics/ctl/nvme1/nvme1n1"), k.readLink("block/nvme1n1"));
    }

    @Test
    void controllerAttributesAreUnpaddedAndThereIsNoAnaStateWithoutNativeMultipathing() throws Exception {
        SimulatedKernel k = kernel(false);
        assertEquals(Optional.of("NetApp ONTAP Controller"), k.read("block/nvme0n1/device/model"));
        assertEquals(Optional.of("81Fz1cBb"), k.read("block/nvme0n1/device/serial"));
        assertEquals(Optional.of("9.14.1"), k.read("block/nvme0n1/device/firmware_rev"));
        assertEquals(Optional.of("tcp"), k.read("block/nvme0n1/device/transport"));
        assertEquals(Optional.of("2"), k.read("block/nvme1n1/device/cntlid"));
        assertEquals(Optional.of("live"), k.read("block/nvme0n1/device/state"));
        assertEquals(Optional.empty(), k.read("block/nvme0n1/ana_state"));
        assertEquals(Optional.empty(), k.read("block/nvme0n1/device/vendor"));
        k.setPathState("nvme0n1", DiskState.OFFLINE);
        assertEquals(Optional.of("dead"), k.read("block/nvme0n1/device/state"));
    }

    @Test
    void udevGivesTheWwidAsIdWwn() throws Exception {
        SimulatedKernel k = kernel(true);
        var props = k.udevProperties(new io.mpathvx.core.model.DevT(259, 1)).orElseThrow();
        assertEquals("eui.00a0987000000001", props.get("ID_WWN"));
        assertEquals("NetApp ONTAP Controller", props.get("ID_MODEL"));
        assertEquals("/dev/nvme1n1", props.get("DEVNAME"));
    }

    @Test
    void identifyControllerReportsAnaAndTheControllersStrings() throws Exception {
        SimulatedKernel k = kernel(false);
        byte[] id = k.admin("nvme1n1", NvmeCommand.identifyController()).data();
        assertEquals(4096, id.length);
        assertEquals("81Fz1cBb            ", new String(id, 4, 20, StandardCharsets.US_ASCII));
        assertEquals("NetApp ONTAP Controller", new String(id, 24, 40, StandardCharsets.US_ASCII).strip());
        assertEquals(0x0a, id[76]);            // CMIC: multi-controller, ANA reporting
        assertEquals(2, id[78]);               // CNTLID
        assertEquals(2, id[348]);              // NANAGRPID: groups 1 and 9 on nvme1
        assertEquals(1, k.namespaceId("nvme0n1"));
        assertEquals(3, k.namespaceId("nvme1n2"));
        assertEquals(9, k.admin("nvme1n2", NvmeCommand.identifyNamespace(3)).data()[92]);
    }

    @Test
    void anaLogListsTheControllersGroupsWithTheirStates() throws Exception {
        SimulatedKernel k = kernel(false);
        byte[] log = k.admin("nvme1n1", NvmeCommand.anaLog(16 + 2 * 32 + 2 * 4, false)).data();
        assertEquals(2, log[8]);                         // two groups
        assertEquals(1, log[16]);                        // group 1: nsid 1, non-optimized (2)
        assertEquals(1, log[20]);
        assertEquals(2, log[32]);
        assertEquals(1, log[48]);
        assertEquals(9, log[52]);                        // group 9: nsid 3, inaccessible (3)
        assertEquals(3, log[68]);
        assertEquals(3, log[84]);
        byte[] rgo = k.admin("nvme1n1", NvmeCommand.anaLog(16 + 2 * 32, true)).data();
        assertEquals(0, rgo[20]);                        // groups only: no namespace lists
        assertEquals(9, rgo[48]);
        assertEquals(3, rgo[64]);
        byte[] nvme0 = k.admin("nvme0n1", NvmeCommand.anaLog(16 + 32 + 4, false)).data();
        assertEquals(1, nvme0[8]);
        assertEquals(1, nvme0[32]);                      // optimized on nvme0
    }

    @Test
    void setAnaChangesTheGroupAndSendsTheControllersAsyncEventNotice() throws Exception {
        SimulatedKernel k = kernel(false);
        k.setAna("nvme0n1", "change");
        byte[] log = k.admin("nvme0n1", NvmeCommand.anaLog(16 + 32 + 4, false)).data();
        assertEquals(0x0f, log[32]);
        List<String> events = new ArrayList<>();
        k.drain(u -> events.add(new String(u.data(), StandardCharsets.US_ASCII)), 16);
        assertEquals(1, events.size());
        assertTrue(events.get(0).startsWith("change@/devices/virtual/nvme-fabrics/ctl/nvme0"), events.get(0));
        assertTrue(events.get(0).contains("NVME_AEN=0x0c0302"), events.get(0));
        assertThrows(IllegalArgumentException.class, () -> k.setAna("sda", "optimized"));
        assertThrows(IllegalArgumentException.class, () -> k.setAna("nvme0n1", "active/optimized"));
    }

    @Test
    void namespacesAnswerNoScsiAndScsiDisksNoNvme() throws Exception {
        SimulatedKernel k = kernel(false);
        assertThrows(IOException.class, () -> k.execute("nvme0n1", Cdb.inquiry(96), 96, 1000));
        assertThrows(IOException.class, () -> k.admin("sda", NvmeCommand.identifyController()));
        assertEquals(NvmeReply.INVALID_OPCODE, k.admin("nvme0n1", new NvmeCommand(0x7f, 0, 0, 0, 0, 0, 0)).status());
        k.setPathState("nvme1n1", DiskState.OFFLINE);
        assertThrows(IOException.class, () -> k.admin("nvme1n1", NvmeCommand.identifyController()));
    }

    @Test
    void removingANamespacePathFreesItsMinor() throws Exception {
        SimulatedKernel k = kernel(false);
        k.removePath("nvme0n1");
        assertEquals(List.of("nvme1n1", "nvme1n2", "sda"), k.list("block"));
        assertThrows(TopologyException.class, () -> k.addPath("eui.00a0987000000001",
                new SanTopology.PathSpec(0, 0, 0, "running", null, false, "")));
    }

    @Test
    void badNvmeTopologiesSayWhere() {
        String[][] cases = {
                {"{\"nvme\": [{\"transport\": \"smoke\", \"namespaces\": [{\"wwid\": \"eui.00a0987000000001\"}]}]}",
                        "nvme[0].transport"},
                {"{\"nvme\": [{\"namespaces\": [{\"wwid\": \"3600a\"}]}]}", "nvme[0].namespaces[0].wwid"},
                {"{\"nvme\": [{\"namespaces\": [{\"wwid\": \"eui.00a0987000000001\", \"paths\": [{\"controller\": 2}]}]}]}",
                        "nvme[0].namespaces[0].paths[0].controller"},
                {"{\"nvme\": [{\"namespaces\": [{\"wwid\": \"eui.00a0987000000001\", \"paths\": [{\"controller\": 0, \"ana\": \"up\"}]}]}]}",
                        "nvme[0].namespaces[0].paths[0].ana"},
                {"{\"nvme\": [{\"namespaces\": [{\"wwid\": \"eui.00a0987000000001\"}, {\"wwid\": \"eui.00a0987000000001\"}]}]}",
                        "nvme[0].namespaces[1]"},
                {"{\"nvme\": [{\"namespaces\": []}]}", "nvme[0].namespaces"},
        };
        for (String[] c : cases) {
            TopologyException e = assertThrows(TopologyException.class, () -> SanTopology.parse(new JsonObject(c[0])), c[0]);
            assertTrue(e.getMessage().startsWith(c[1]), e.getMessage());
        }
    }
}
