package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.UeventOverflowException;

import java.util.ArrayList;
import java.util.List;

/** Small helpers shared by the simulated-kernel tests. */
final class SimFixture {
    private SimFixture() {
    }

    /**
     * 2 LUNs × 2 paths with ALUA (host 0 active/optimized, host 1 active/non-optimized): LUN 0 is sda (8:0) on host 0
     * and sdc (8:32) on host 1; LUN 1 is sdb (8:16) and sdd (8:48).
     */
    static SimulatedKernel twoByTwo() {
        try {
            return SimulatedKernel.fromJson(new io.vertx.core.json.JsonObject().put("generate",
                    new io.vertx.core.json.JsonObject().put("luns", 2).put("pathsPerLun", 2).put("alua", true)));
        } catch (TopologyException e) {
            throw new AssertionError(e);
        }
    }

    static final long SIZE = 2097152; // 1 GiB in sectors

    static List<DmTarget> multipath(String params) {
        return List.of(new DmTarget(0, SIZE, "multipath", params));
    }

    static List<KernelUevent> drain(SimulatedKernel k) throws UeventOverflowException {
        List<KernelUevent> out = new ArrayList<>();
        k.drain(raw -> out.add(KernelUevent.parse(raw)), Integer.MAX_VALUE);
        return out;
    }
}
