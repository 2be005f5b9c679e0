package io.mpathvx.uevent;

import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import org.junit.jupiter.api.Test;

import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Discovery reads each SCSI device's command timeout (device/timeout) for checker_timeout (sysfs_get_timeout). */
class ScsiTimeoutTest {
    @Test
    void theTimeoutIsReadWithTheDeviceAndAgainAfterItsUevent() throws Exception {
        try (SimulatedKernel k = new SimulatedKernel(SanTopology.generated(1, 2))) {
            String a = k.paths().get(0).name();
            String b = k.paths().get(1).name();
            k.write("block/" + a + "/device/timeout", "45");
            PathDiscovery d = new PathDiscovery(k, PathDiscovery.Config.defaults());
            assertEquals(OptionalInt.empty(), d.scsiTimeout(a), "not read yet");
            d.scan();
            assertEquals(OptionalInt.of(45), d.scsiTimeout(a));
            assertEquals(OptionalInt.of(30), d.scsiTimeout(b), "the kernel's default");
            k.write("block/" + a + "/device/timeout", "60");
            d.invalidate(a); // its uevent
            d.discover(a);
            assertEquals(OptionalInt.of(60), d.scsiTimeout(a));
        }
    }
}
