package io.mpathvx.reconciler;

import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.testkit.CountingDmControl;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;
import io.mpathvx.dm.LinuxDmControl;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.mpathvx.reconciler.exec.ActionExecutor;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The reconciler driving the guest's real device-mapper over 8 scsi_debug LUNs x 2 paths; every map checked with
 * dmsetup (not only through the project's own code): cold start, restart without loads, path delete → reload,
 * LUN without paths → map removed, host rescan → map back.
 */
@Tag("real-kernel")
class ReconcilerKernelTest {
    private static final String SAN = "add_host=2 num_tgts=1 max_luns=8 vpd_use_hostno=0 dev_size_mb=4";
    private static LinuxDmControl dm;
    private static Vertx vertx;

    @BeforeAll
    static void setUp() throws Exception {
        GuestKernel.assumeGuest();
        GuestKernel.unloadScsiDebug();
        dm = LinuxDmControl.open();
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (dm != null) {
            for (DmDevice d : dm.listDevices()) {
                if (d.uuid() != null && d.uuid().startsWith("mpath-3333")) dm.remove(d.name(), false);
            }
            dm.close();
        }
        if (vertx != null) vertx.close().await(10, TimeUnit.SECONDS);
        if (GuestKernel.inGuest()) GuestKernel.unloadScsiDebug();
    }

    /** multipathd's WWID for a kernel device/wwid: naa. → 3, eui. → 2, t10. → 1 (as udev's ID_SERIAL). */
    static String wwid(String kernelWwid) {
        if (kernelWwid.startsWith("naa.")) return "3" + kernelWwid.substring(4);
        if (kernelWwid.startsWith("eui.")) return "2" + kernelWwid.substring(4);
        if (kernelWwid.startsWith("t10.")) return "1" + kernelWwid.substring(4);
        return kernelWwid;
    }

    static Path path(ScsiDisk d) throws Exception {
        long size = Long.parseLong(Files.readString(java.nio.file.Path.of("/sys/block/" + d.name() + "/size")).trim());
        return new Path(d.name(), d.devt(), Wwid.of(wwid(d.wwid())), size, "Linux", "scsi_debug", "", d.address(), "",
                PathState.UP);
    }

    static List<Path> paths(List<ScsiDisk> disks) throws Exception {
        List<Path> out = new ArrayList<>();
        for (ScsiDisk d : disks) out.add(path(d));
        return out;
    }

    private Reconciler reconciler(CountingDmControl counting) {
        Context loop = vertx.getOrCreateContext();
        // alua handler: scsi_debug's unit attentions otherwise fail healthy paths (see DmControlKernelTest)
        MapPolicy policy = MapPolicy.defaults().withGrouping(PathGroupingPolicy.MULTIBUS).withFeatures(List.of(), List.of("alua"));
        return new Reconciler(vertx, loop, counting, ActionExecutor.workerPool(vertx, "kernel-test", 4),
                ReconcilerSettings.fixed(policy, FindMultipaths.ON), PathProber.constant(),
                ReconcilerOptions.inMemory().withRetry(Duration.ofMillis(100), Duration.ofSeconds(2)));
    }

    /** Map name → the M:m devices `dmsetup table` lists for it. */
    private static Map<String, String> dmsetupTables() {
        Map<String, String> out = new TreeMap<>();
        String all = GuestKernel.dmsetup("table").orThrow("dmsetup table").output();
        for (String line : all.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0 && line.contains(" multipath ")) out.put(line.substring(0, colon), line.substring(colon + 2));
        }
        return out;
    }

    private static String tableOf(String name) throws Exception {
        return GuestKernel.dmsetup("table", name).orThrow("dmsetup table " + name).output().trim();
    }

    @Test
    void eightLunsTwoPathsLifecycle() throws Exception {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug(SAN);
        assertEquals(16, disks.size());
        List<Path> paths = paths(disks);
        CountingDmControl counting = new CountingDmControl(dm);
        Reconciler r = reconciler(counting);
        r.start(paths).toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
        assertEquals(0, r.snapshot().failing(), r.snapshot().toString());
        assertEquals(8, counting.count("CREATE"));
        assertEquals(8, counting.count("TABLE_LOAD"));
        for (Path p : paths) {
            String t = tableOf(p.wwid().value());
            assertTrue(t.contains(" multipath ") && t.contains(" " + p.devt() + " "), p.devt() + " in " + t);
        }
        assertEquals(8, dmsetupTables().size(), dmsetupTables().toString());

        // restart against the unchanged SAN: adopt, no table load, no suspend
        CountingDmControl again = new CountingDmControl(dm);
        Reconciler second = reconciler(again);
        second.start(paths).toCompletionStage().toCompletableFuture().get(300, TimeUnit.SECONDS);
        assertEquals(0, again.count("TABLE_LOAD"), again.toString());
        assertEquals(0, again.count("SUSPEND"), again.toString());
        assertEquals(0, again.count("CREATE"), again.toString());

        // delete one path of LUN 0: dropped by one reload
        ScsiDisk a = disks.stream().filter(d -> d.address().lun() == 0).findFirst().orElseThrow();
        String lun0 = wwid(a.wwid());
        ScsiDisk b = disks.stream().filter(d -> d.address().lun() == 0 && d != a).findFirst().orElseThrow();
        GuestKernel.delete(a);
        again.reset();
        second.onPaths(List.of(), List.of(a.name()));
        second.idle().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        assertEquals(1, again.count("TABLE_LOAD"));
        String t = tableOf(lun0);
        assertFalse(t.contains(" " + a.devt() + " "), t);
        assertTrue(t.contains(" " + b.devt() + " "), t);

        // delete the other: the map goes
        GuestKernel.delete(b);
        second.onPaths(List.of(), List.of(b.name()));
        second.idle().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        assertTrue(dm.listDevices().stream().noneMatch(d -> d.name().equals(lun0)));
        assertFalse(dmsetupTables().containsKey(lun0));

        // host rescans bring the LUN back: its map is created with both paths
        GuestKernel.rescanHost(a.host());
        GuestKernel.rescanHost(b.host());
        List<ScsiDisk> back = GuestKernel.awaitScsiDebugDisks(16);
        List<Path> lun0Paths = paths(back).stream().filter(p -> p.wwid().value().equals(lun0)).toList();
        assertEquals(2, lun0Paths.size());
        second.onPaths(lun0Paths, List.of());
        await().atMost(Duration.ofSeconds(120)).until(() -> dm.listDevices().stream().anyMatch(d -> d.name().equals(lun0)));
        second.idle().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
        String t2 = tableOf(lun0);
        for (Path p : lun0Paths) assertTrue(t2.contains(" " + p.devt() + " "), t2);
    }
}
