package io.mpathvx.core.sim;

import io.mpathvx.core.model.DevT;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimDiskTest {
    @Test
    void deviceNumbersAreSdsOwn() {
        // values a real kernel gives (sd.c sd_probe: major by bits 4-7 of the index, extended minors above 255 disks)
        assertEquals(new DevT(8, 0), SimDisk.diskDevt(0));
        assertEquals(new DevT(8, 240), SimDisk.diskDevt(15));
        assertEquals(new DevT(65, 0), SimDisk.diskDevt(16));
        assertEquals(new DevT(8, 256), SimDisk.diskDevt(256));
        assertEquals(new DevT(69, 65536 + 16), SimDisk.diskDevt(65536 + 0x51));
    }

    @Test
    void aHundredThousandDisksHaveDistinctNamesAndNumbers() {
        Set<DevT> devts = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(devts.add(SimDisk.diskDevt(i)), "devt of disk " + i);
            assertTrue(names.add(SimDisk.diskName(i)), "name of disk " + i);
        }
    }
}
