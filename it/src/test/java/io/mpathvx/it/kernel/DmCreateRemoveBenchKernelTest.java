package io.mpathvx.it.kernel;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;
import io.mpathvx.dm.LinuxDmControl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Benchmark, not a test of speed: creates and removes N=256 maps in a tight loop with LinuxDmControl (CREATE +
 * TABLE_LOAD + RESUME, then REMOVE) and prints maps/s. The raw limit later benchmarks compare to. Multipath maps over
 * 256 two-path scsi_debug LUNs (comparable to the C loop in REAL-KERNEL.md), then the same with the "error" target.
 * Asserts only that every map was created and removed. Tagged benchmark: not in the default tier, run it with
 * {@code it/vm/run-tier.sh --benchmark}.
 */
@Tag("real-kernel")
@Tag("benchmark")
class DmCreateRemoveBenchKernelTest {
    private static final int N = 256;
    private static final String PREFIX = "mpvxbench-";
    private static LinuxDmControl dm;

    @BeforeAll
    static void setUp() throws DmException {
        GuestKernel.assumeGuest();
        dm = LinuxDmControl.open();
    }

    @AfterAll
    static void tearDown() throws DmException {
        if (dm == null) return;
        for (DmDevice d : dm.listDevices()) if (d.name().startsWith(PREFIX)) dm.remove(d.name(), false);
        dm.close();
        GuestKernel.unloadScsiDebug();
    }

    @Test
    void createAndRemove256Maps() throws Exception {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug(2 * N,
                "add_host=2", "num_tgts=4", "max_luns=64", "vpd_use_hostno=0", "dev_size_mb=4");
        Map<String, List<ScsiDisk>> byWwid = new LinkedHashMap<>();
        for (ScsiDisk d : disks) byWwid.computeIfAbsent(d.wwid(), k -> new ArrayList<>()).add(d);
        assertEquals(N, byWwid.size());
        long sectors = Long.parseLong(Files.readString(Path.of("/sys/block/" + disks.get(0).name() + "/size")).trim());
        List<List<DmTarget>> tables = new ArrayList<>();
        for (List<ScsiDisk> paths : byWwid.values()) {
            tables.add(List.of(new DmTarget(0, sectors, "multipath", "0 1 alua 1 1 round-robin 0 2 1 "
                    + paths.get(0).devt() + " 1 " + paths.get(1).devt() + " 1")));
        }
        List<DmTarget> error = List.of(new DmTarget(0, 8, "error", ""));
        List<List<DmTarget>> errorTables = new ArrayList<>();
        for (int i = 0; i < N; i++) errorTables.add(error);

        StringBuilder report = new StringBuilder();
        report.append(run("multipath (2 paths each)", tables));
        report.append(run("error target", errorTables));
        System.out.print(report);
        Files.writeString(GuestKernel.resultsDir().resolve("dm-create-remove-bench.txt"), report.toString(),
                StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static String run(String what, List<List<DmTarget>> tables) throws DmException, IOException {
        long t0 = System.nanoTime();
        for (int i = 0; i < N; i++) {
            String name = PREFIX + i;
            dm.create(name, "mpath-bench-" + i);
            dm.loadTable(name, tables.get(i));
            dm.resume(name);
        }
        long t1 = System.nanoTime();
        long ours = dm.listDevices().stream().filter(d -> d.name().startsWith(PREFIX)).count();
        assertEquals(N, ours);
        for (int i = 0; i < N; i++) dm.remove(PREFIX + i, false);
        long t2 = System.nanoTime();
        assertEquals(0, dm.listDevices().stream().filter(d -> d.name().startsWith(PREFIX)).count());
        double createS = (t1 - t0) / 1e9;
        double removeS = (t2 - t1) / 1e9;
        return String.format("DmCreateRemoveBench %s: N=%d create+load+resume %.2f s = %.0f maps/s; remove %.2f s = %.0f maps/s%n",
                what, N, createS, N / createS, removeS, N / removeS);
    }
}
