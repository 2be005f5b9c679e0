package io.mpathvx.uevent;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.ScsiAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery over {@link LinuxSysfs} pointed at a sysfs-shaped directory tree (links laid out as the kernel does). */
class PathDiscoveryTest {
    /** scsi_debug's page 0x83 (vpd_use_hostno=0): T10 vendor id, NAA-3 LU, then port designators. */
    private static final byte[] VPD83 = HexFormat.of().parseHex("00830040"
            + "0201001c4c696e757820202073637369" + "5f646562756720202020202032303030" // T10 "Linux   scsi_debug      2000"
            + "0103000833333330000007d0" // NAA-3, LU
            + "0194000400000001" // relative target port
            + "0193000832222220000007ce"); // NAA-3, target port (association 1)

    @TempDir
    Path dir;
    private Path sys;
    private Path udev;

    @BeforeEach
    void tree() throws IOException {
        sys = dir.resolve("sys");
        udev = dir.resolve("udev");
        Files.createDirectories(udev);
        scsiDisk("sda", 0, "8:0", true);
        scsiDisk("sdb", 1, "8:16", false);
        Path loop = Files.createDirectories(sys.resolve("devices/virtual/block/loop0"));
        Files.writeString(loop.resolve("dev"), "7:0\n");
        Files.createDirectories(sys.resolve("block"));
        Files.createSymbolicLink(sys.resolve("block/loop0"), Path.of("../devices/virtual/block/loop0"));
        Path dm = Files.createDirectories(sys.resolve("devices/virtual/block/dm-0"));
        Files.writeString(dm.resolve("dev"), "254:0\n");
        Files.createSymbolicLink(sys.resolve("block/dm-0"), Path.of("../devices/virtual/block/dm-0"));
        // udevd knows sda only
        Files.writeString(udev.resolve("b8:0"), "S:disk/by-id/x\nE:ID_SERIAL=1Linux_scsi_debug_2000\nE:ID_BUS=scsi\nG:systemd\n");
    }

    private void scsiDisk(String name, int host, String dev, boolean alua) throws IOException {
        String hctl = host + ":0:0:0";
        Path sdev = Files.createDirectories(sys.resolve("devices/pseudo_0/adapter" + host + "/host" + host
                + "/target" + host + ":0:0/" + hctl));
        Path blk = Files.createDirectories(sdev.resolve("block/" + name));
        Files.writeString(blk.resolve("dev"), dev + "\n");
        Files.writeString(blk.resolve("size"), "16384\n");
        Files.writeString(blk.resolve("ro"), "0\n");
        Files.createDirectories(blk.resolve("holders"));
        Files.createFile(blk.resolve("holders/dm-0"));
        Files.createSymbolicLink(blk.resolve("device"), Path.of("../../../" + hctl));
        Files.writeString(sdev.resolve("vendor"), "Linux   \n");
        Files.writeString(sdev.resolve("model"), "scsi_debug      \n");
        Files.writeString(sdev.resolve("rev"), "0191\n");
        Files.writeString(sdev.resolve("state"), "running\n");
        Files.writeString(sdev.resolve("wwid"), "t10.Linux   scsi_debug      2000\n");
        Files.write(sdev.resolve("vpd_pg83"), VPD83);
        if (alua) {
            Files.writeString(sdev.resolve("access_state"), "active/optimized\n");
            Files.writeString(sdev.resolve("preferred_path"), "1\n");
        }
        Files.createDirectories(sys.resolve("block"));
        Files.createSymbolicLink(sys.resolve("block/" + name), sys.resolve("block").relativize(blk));
    }

    private PathDiscovery discovery(WwidSource source) {
        return new PathDiscovery(new LinuxSysfs(sys, udev),
                new PathDiscovery.Config(DevnodeFilter.defaults(), source, UidAttributes.NONE));
    }

    @Test
    void candidatesSkipDmAndBlacklistedDevices() throws IOException {
        assertEquals(List.of("sda", "sdb"), discovery(WwidSource.AUTO).candidates());
    }

    @Test
    void readsEveryAttribute() throws IOException {
        DiscoveredPath a = discovery(WwidSource.AUTO).discover("sda").orElseThrow();
        assertEquals(new DevT(8, 0), a.path().devt());
        assertEquals(16384, a.path().sizeSectors());
        assertEquals("Linux", a.path().vendor());
        assertEquals("scsi_debug", a.path().product());
        assertEquals("0191", a.path().revision());
        assertEquals(new ScsiAddress(0, 0, 0, 0), a.path().scsi());
        assertEquals("running", a.deviceState());
        assertEquals("active/optimized", a.accessState());
        assertTrue(a.preferred());
        assertFalse(a.readOnly());
        assertEquals(List.of("dm-0"), a.holders());
        DiscoveredPath b = discovery(WwidSource.AUTO).discover("sdb").orElseThrow();
        assertEquals(new ScsiAddress(1, 0, 0, 0), b.path().scsi());
        assertEquals("", b.accessState());
        assertFalse(b.preferred());
    }

    @Test
    void autoTakesUdevsIdSerialAndFallsBackToVpd83WithTheSameValue() throws IOException {
        List<DiscoveredPath> paths = discovery(WwidSource.AUTO).scan();
        assertEquals(2, paths.size());
        assertEquals(WwidSource.UDEV, paths.get(0).wwidSource());
        assertEquals(WwidSource.VPD_PG83, paths.get(1).wwidSource());
        // multipathd's VPD rules pick the T10 id over the NAA-3 (locally assigned) one, as udev did on the capture
        assertEquals("1Linux_scsi_debug_2000", paths.get(0).path().wwid().value());
        assertEquals(paths.get(0).path().wwid(), paths.get(1).path().wwid());
    }

    /**
     * While udevd runs (its control socket beside the database) a device it has no record of yet gets no WWID but a
     * "wait for udev": read again, it takes udev's ID_SERIAL once the record is there, and the VPD fallback only after
     * {@link PathDiscovery#UDEV_WAIT} (on a fake clock). Without the wait, a storm that outruns udevd names some paths
     * from VPD and their siblings from udev: one LUN in two maps (seen in the guest benchmark).
     */
    @Test
    void whileUdevdRunsAnUnprocessedDeviceWaitsForItsRecordThenFallsBackAfterTheWait() throws IOException {
        Files.createFile(dir.resolve("control"));
        long[] now = {0};
        PathDiscovery d = new PathDiscovery(new LinuxSysfs(sys, udev),
                new PathDiscovery.Config(DevnodeFilter.defaults(), WwidSource.AUTO, UidAttributes.NONE), () -> now[0]);
        DiscoveredPath waiting = d.discover("sdb").orElseThrow();
        assertTrue(waiting.udevPending());
        assertNull(waiting.path().wwid());
        now[0] += PathDiscovery.UDEV_WAIT.toNanos() - 1;
        assertTrue(d.discover("sdb").orElseThrow().udevPending(), "asked again before the wait is over: still waiting");

        Files.writeString(udev.resolve("b8:16"), "E:ID_SERIAL=3333333000007d0\n");
        DiscoveredPath recorded = d.discover("sdb").orElseThrow();
        assertFalse(recorded.udevPending());
        assertEquals("3333333000007d0", recorded.path().wwid().value());
        assertEquals(WwidSource.UDEV, recorded.wwidSource());

        d.removed("sdb"); // a new device of that name waits anew, then falls back
        Files.delete(udev.resolve("b8:16"));
        assertTrue(d.discover("sdb").orElseThrow().udevPending());
        now[0] += PathDiscovery.UDEV_WAIT.toNanos();
        DiscoveredPath fallback = d.discover("sdb").orElseThrow();
        assertFalse(fallback.udevPending());
        assertEquals(WwidSource.VPD_PG83, fallback.wwidSource());
        assertEquals("1Linux_scsi_debug_2000", fallback.path().wwid().value());
    }

    @Test
    void withoutUdevdTheFallbackIsImmediate() throws IOException {
        DiscoveredPath b = discovery(WwidSource.AUTO).discover("sdb").orElseThrow();
        assertFalse(b.udevPending());
        assertEquals(WwidSource.VPD_PG83, b.wwidSource());
    }

    @Test
    void explicitSources() throws IOException {
        assertNull(discovery(WwidSource.UDEV).discover("sdb").orElseThrow().path().wwid());
        assertEquals("t10.Linux   scsi_debug      2000",
                discovery(WwidSource.SYSFS_WWID).discover("sda").orElseThrow().path().wwid().value());
        assertEquals("1Linux_scsi_debug_2000",
                discovery(WwidSource.VPD_PG83).discover("sda").orElseThrow().path().wwid().value());
    }

    @Test
    void stableAttributesAreCachedUntilInvalidated() throws IOException {
        PathDiscovery d = discovery(WwidSource.AUTO);
        assertEquals(16384, d.discover("sda").orElseThrow().path().sizeSectors());
        Path size = sys.resolve("block/sda/size");
        Files.writeString(size, "32768\n");
        Files.writeString(sys.resolve("block/sda/device/state"), "offline\n");
        DiscoveredPath cached = d.discover("sda").orElseThrow();
        assertEquals(16384, cached.path().sizeSectors(), "size only changes with a uevent");
        assertEquals("offline", cached.deviceState(), "state is read every time");
        d.invalidate("sda");
        assertEquals(32768, d.discover("sda").orElseThrow().path().sizeSectors());
        Files.writeString(size, "65536\n");
        d.invalidateAll();
        assertEquals(65536, d.discover("sda").orElseThrow().path().sizeSectors());
    }

    @Test
    void aReusedNameWithANewDeviceNumberIsReadAfresh() throws IOException {
        PathDiscovery d = discovery(WwidSource.AUTO);
        d.discover("sdb").orElseThrow();
        Files.writeString(sys.resolve("block/sdb/dev"), "8:32\n");
        Files.writeString(sys.resolve("block/sdb/size"), "99\n");
        DiscoveredPath again = d.discover("sdb").orElseThrow();
        assertEquals(new DevT(8, 32), again.path().devt());
        assertEquals(99, again.path().sizeSectors());
    }

    @Test
    void goneAndForeignDevicesGiveNothing() throws IOException {
        PathDiscovery d = discovery(WwidSource.AUTO);
        assertTrue(d.discover("sdz").isEmpty());
        assertTrue(d.discover("dm-0").isEmpty());
        assertTrue(d.discover("loop0").isEmpty());
        assertTrue(d.discover("../etc").isEmpty());
    }

    @Test
    void realSysfsOfThisMachine() throws IOException {
        Path real = Path.of("/sys/block");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(real));
        PathDiscovery d = new PathDiscovery(new LinuxSysfs(), PathDiscovery.Config.defaults());
        List<DiscoveredPath> found = d.scan();
        for (DiscoveredPath p : found) {
            Path blk = real.resolve(p.name());
            assertEquals(DevT.parse(Files.readString(blk.resolve("dev")).trim()), p.path().devt());
            assertEquals(Long.parseLong(Files.readString(blk.resolve("size")).trim()), p.path().sizeSectors());
            assertFalse(p.name().startsWith("loop") || p.name().startsWith("dm-") || p.name().startsWith("zram"));
        }
        try (var s = Files.list(real)) {
            long expected = s.map(x -> x.getFileName().toString())
                    .filter(n -> !DevnodeFilter.defaults().blacklisted(n) && !n.startsWith("dm-")).count();
            assertEquals(expected, found.size());
        }
    }

    @Test
    void aReadThatStartedBeforeAnInvalidationDoesNotPutItsStaleAttributesBack() throws Exception {
        java.util.concurrent.CountDownLatch reading = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        LinuxSysfs real = new LinuxSysfs(sys, udev);
        java.util.concurrent.atomic.AtomicBoolean stall = new java.util.concurrent.atomic.AtomicBoolean(true);
        io.mpathvx.core.kernel.Sysfs slowSize = new io.mpathvx.core.kernel.Sysfs() {
            @Override
            public java.util.Optional<String> read(String path) throws IOException {
                java.util.Optional<String> v = real.read(path);
                if (path.equals("block/sda/size") && stall.getAndSet(false)) {
                    reading.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                return v;
            }

            @Override
            public java.util.Optional<byte[]> readBytes(String path) throws IOException {
                return real.readBytes(path);
            }

            @Override
            public List<String> list(String d) throws IOException {
                return real.list(d);
            }

            @Override
            public java.util.Optional<String> readLink(String path) throws IOException {
                return real.readLink(path);
            }

            @Override
            public void write(String path, String value) throws IOException {
                real.write(path, value);
            }

            @Override
            public java.util.Optional<java.util.Map<String, String>> udevProperties(DevT devt) throws IOException {
                return real.udevProperties(devt);
            }
        };
        PathDiscovery d = new PathDiscovery(slowSize, new PathDiscovery.Config(DevnodeFilter.defaults(), WwidSource.AUTO, UidAttributes.NONE));
        var old = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return d.discover("sda").orElseThrow();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        reading.await();
        // the disk grows and its change uevent invalidates the entry while the old read is still under way
        Files.writeString(sys.resolve("block/sda").toRealPath().resolve("size"), "32768\n");
        d.invalidate("sda");
        release.countDown();
        assertEquals(16384, old.join().path().sizeSectors(), "the old read saw the old size");
        assertEquals(32768, d.discover("sda").orElseThrow().path().sizeSectors(), "the cache did not keep the stale read");
    }

    @Test
    void theParallelScanFindsWhatTheSerialOneFindsAndCountsItsProgress() throws Exception {
        PathDiscovery d = discovery(WwidSource.AUTO);
        var progress = new PathDiscovery.ScanProgress();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            List<DiscoveredPath> parallel = d.scanAsync(pool, 4, progress).get();
            d.invalidateAll();
            assertEquals(d.scan(), parallel);
            assertEquals(2, progress.total());
            assertEquals(2, progress.done());
        } finally {
            pool.shutdown();
        }
    }
}
