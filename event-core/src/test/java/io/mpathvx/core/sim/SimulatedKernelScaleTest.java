package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmTarget;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** 10,000 LUNs × 4 paths: built and used at unit-test cost. Prints timings; asserts behaviour only. */
class SimulatedKernelScaleTest {
    @Test
    void tenThousandLunsTimesFourPaths() throws Exception {
        long t0 = System.nanoTime();
        SimulatedKernel k = new SimulatedKernel(SanTopology.generated(10_000, 4));
        long t1 = System.nanoTime();
        List<PathInfo> paths = k.paths();
        assertEquals(40_000, paths.size());
        assertEquals(40_000, k.list("block").size());
        // one map per LUN over its 4 paths, as a reconciler's cold start would make them
        java.util.Map<String, List<PathInfo>> byWwid = new java.util.LinkedHashMap<>();
        for (PathInfo p : paths) byWwid.computeIfAbsent(p.wwid(), w -> new java.util.ArrayList<>()).add(p);
        long t2 = System.nanoTime();
        int i = 0;
        for (var e : byWwid.entrySet()) {
            StringBuilder t = new StringBuilder("0 0 1 1 service-time 0 4 2");
            for (PathInfo p : e.getValue()) t.append(' ').append(p.devt()).append(" 1 1");
            String name = "mpath" + i++;
            k.create(name, "mpath-" + e.getKey());
            k.loadTable(name, List.of(new DmTarget(0, e.getValue().get(0).sizeSectors(), "multipath", t.toString())));
            k.resume(name);
        }
        long t3 = System.nanoTime();
        List<DmDevice> devs = k.listDevices();
        long t4 = System.nanoTime();
        assertEquals(10_000, devs.size());
        assertEquals(10_000, k.snapshot().size());
        long t5 = System.nanoTime();
        int slaves = 0;
        for (DmDevice d : devs) slaves += k.list("block/dm-" + d.devt().minor() + "/slaves").size();
        long t6 = System.nanoTime();
        assertEquals(40_000, slaves, "a full sysfs rescan of every map's slaves stays linear");
        PathInfo last = paths.get(39_999);
        assertEquals(1, k.list("block/" + last.name() + "/holders").size(), "every path is held by exactly its map");
        System.out.printf("sim scale: build 10k×4 %.0f ms, create+load+resume 10k maps %.0f ms, listDevices %.1f ms, "
                        + "slaves of 10k maps %.0f ms, heap used %d MiB%n",
                (t1 - t0) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6, (t6 - t5) / 1e6,
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
    }
}
