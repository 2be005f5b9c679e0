package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.Cdb;
import io.mpathvx.core.kernel.ScsiReply;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The simulated disks' SCSI answers (SPC-4 layouts) and device handlers (the kernel's scsi_dh list). */
class SimulatedKernelScsiTest {
    private static SimulatedKernel kernel() throws TopologyException {
        return SimulatedKernel.fromJson(new JsonObject("""
                {"luns": [
                  {"wwid": "3600a0000000000000000000000000001", "vendor": "DELL", "product": "MD36xxf", "rdac": true,
                   "paths": [{"host": 0, "alua": "active/optimized", "tpg": 7},
                             {"host": 1, "alua": "standby", "preferred": true, "tpg": 9}]},
                  {"wwid": "3600a0000000000000000000000000002", "vendor": "DGC", "product": "VRAID",
                   "paths": [{"host": 0}, {"host": 1}]},
                  {"wwid": "3600a0000000000000000000000000003", "tpgs": "both", "paths": [{"host": 0}]}]}"""));
    }

    @Test
    void standardInquiryCarriesIdentityAndTpgs() throws Exception {
        SimulatedKernel k = kernel();
        byte[] dell = k.execute("sda", Cdb.inquiry(96), 96, 1000).data();
        assertEquals(1, (dell[5] >> 4) & 3);                                 // implicit: a path has an ALUA state
        assertEquals("DELL    MD36xxf         ", new String(dell, 8, 24));
        assertEquals(0, (k.execute("sdb", Cdb.inquiry(96), 96, 1000).data()[5] >> 4) & 3);   // DGC: none
        assertEquals(3, (k.execute("sdc", Cdb.inquiry(96), 96, 1000).data()[5] >> 4) & 3);   // both
        assertEquals(36, k.execute("sda", Cdb.inquiry(96), 96, 1000).data().length);
        assertEquals(8, k.execute("sda", Cdb.inquiry(8), 8, 1000).data().length);           // allocation length
    }

    @Test
    void vpdPagesAndRtpgDescribeThePortGroups() throws Exception {
        SimulatedKernel k = kernel();
        byte[] page0 = k.execute("sda", Cdb.vpd(0, 255), 255, 1000).data();
        assertArrayEquals(new byte[]{0, (byte) 0x80, (byte) 0x83, (byte) 0xc9}, java.util.Arrays.copyOfRange(page0, 4, 8));
        byte[] c9 = k.execute("sda", Cdb.vpd(0xc9, 255), 255, 1000).data();
        assertEquals("vac1", new String(c9, 4, 4));
        assertEquals(0x11, c9[8]);                                           // owner, TPG data valid
        ScsiReply noC9 = k.execute("sdb", Cdb.vpd(0xc9, 255), 255, 1000);
        assertEquals(5, noC9.senseKey()[0]);                                 // ILLEGAL REQUEST: not an RDAC array
        byte[] rtpg = k.execute("sda", Cdb.reportTargetPortGroups(4096), 4096, 1000).data();
        assertEquals(24, rtpg[3]);                                           // two descriptors of 12 bytes
        assertEquals(0x00, rtpg[4]);                                         // tpg 7: optimized, not preferred
        assertEquals(7, rtpg[7]);
        assertEquals(0x82, rtpg[16] & 0xff);                                 // tpg 9: standby, preferred
        assertEquals(9, rtpg[19]);
        ScsiReply dgc = k.execute("sdb", Cdb.reportTargetPortGroups(4096), 4096, 1000);
        assertFalse(dgc.good(), "no RTPG without TPGS");
    }

    @Test
    void testUnitReadyFollowsTheAccessStateAndOfflineDisksDoNotAnswer() throws Exception {
        SimulatedKernel k = kernel();
        assertTrue(k.execute("sda", Cdb.testUnitReady(), 0, 1000).good());
        assertArrayEquals(new int[]{2, 4, 0x0b}, k.execute("sdd", Cdb.testUnitReady(), 0, 1000).senseKey());
        k.setPathState("sda", DiskState.OFFLINE);
        assertThrows(IOException.class, () -> k.execute("sda", Cdb.testUnitReady(), 0, 1000));
        assertThrows(IOException.class, () -> k.execute("sdz", Cdb.testUnitReady(), 0, 1000));
    }

    @Test
    void handlersFollowTheKernelsList() throws Exception {
        SimulatedKernel k = kernel();
        assertEquals("rdac", k.read("block/sda/device/dh_state").orElseThrow());   // DELL MD3 → scsi_dh_rdac
        assertEquals("emc", k.read("block/sdb/device/dh_state").orElseThrow());    // DGC VRAID → scsi_dh_emc
        assertEquals("alua", k.read("block/sdc/device/dh_state").orElseThrow());   // TPGS, not listed
        assertEquals("active/optimized", k.read("block/sdb/device/access_state").orElseThrow());
    }

    @Test
    void badTpgsIsATopologyError() {
        TopologyException e = assertThrows(TopologyException.class, () -> SimulatedKernel.fromJson(new JsonObject(
                "{\"luns\": [{\"wwid\": \"3600a0000000000000000000000000001\", \"tpgs\": \"sometimes\","
                        + " \"paths\": [{\"host\": 0}]}]}")));
        assertTrue(e.getMessage().startsWith("luns[0].tpgs"), e.getMessage());
    }
}
