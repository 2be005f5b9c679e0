package io.mpathvx.uevent;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sysfs path parts that name a SCSI transport, as the regular expressions of sysfs_get_tgt_nodename() read them. */
class TransportProtocolTest {
    @Test
    void aPartMatchesItsShapeWhole() {
        String[][] rport = {{"rport-2:0-1", "true"}, {"rport-12:34-567", "true"}, {"rport-2:0", "false"},
                {"rport-2:0-", "false"}, {"rport-:0-1", "false"}, {"rport-2:0-1x", "false"}, {"xrport-2:0-1", "false"},
                {"rport-2:a-1", "false"}, {"rport-2:0-١", "false"}};
        for (String[] c : rport) {
            assertEquals(Boolean.parseBoolean(c[1]), TransportProtocol.numbered(c[0], "rport-", ":", "-"), c[0]);
        }
        String[][] end = {{"end_device-1:0", "true"}, {"end_device-1:0:3", "true"}, {"end_device-1:0:", "false"},
                {"end_device-1", "false"}, {"end_device-1:0:3:4", "false"}};
        for (String[] c : end) {
            assertEquals(Boolean.parseBoolean(c[1]), TransportProtocol.numbered(c[0], "end_device-", ":", ":?"), c[0]);
        }
        String[][] one = {{"usb1", "true"}, {"usb", "false"}, {"usb1-1", "false"}, {"session7", "false"}};
        for (String[] c : one) assertEquals(Boolean.parseBoolean(c[1]), TransportProtocol.numbered(c[0], "usb"), c[0]);
    }
}
