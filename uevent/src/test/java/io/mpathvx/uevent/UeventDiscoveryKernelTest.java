package io.mpathvx.uevent;

import io.mpathvx.core.kernel.RawUevent;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Path discovery, WWIDs and the netlink listener against the real kernel of the QEMU guest (it/vm/run-tier.sh),
 * with scsi_debug as a two-port SAN.
 */
@Tag("real-kernel")
class UeventDiscoveryKernelTest {
    private static final String SAN = "add_host=2 num_tgts=1 max_luns=16 vpd_use_hostno=0";
    private Vertx vertx;
    private final RecordingHandler handler = new RecordingHandler();

    @BeforeAll
    static void guestOnly() {
        GuestKernel.assumeGuest();
    }

    @AfterEach
    void cleanup() {
        if (vertx != null) vertx.close().await();
        // a disk can be held open for a moment after a test (e.g. by a closing listener's discovery): retry
        await().atMost(GuestKernel.SETTLE).ignoreExceptions().until(() -> {
            GuestKernel.unloadScsiDebug();
            return true;
        });
    }

    /** The pids of live udevd processes (daemon and workers; zombies hold nothing and are left out). */
    private static List<String> udevPids() throws java.io.IOException {
        try (var procs = Files.list(Path.of("/proc"))) {
            return procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).filter(p -> {
                try {
                    String comm = Files.readString(p.resolve("comm")).trim();
                    String stat = Files.readString(p.resolve("stat"));
                    boolean zombie = stat.substring(stat.lastIndexOf(')') + 1).trim().startsWith("Z");
                    return !zombie && (comm.equals("systemd-udevd") || comm.equals("(udev-worker)"));
                } catch (java.io.IOException | RuntimeException e) {
                    return false; // the process ended while we looked
                }
            }).map(p -> p.getFileName().toString()).toList();
        }
    }

    /** Stops the udevd this test started: politely, then by its pids (only udevd's, found in /proc). */
    private static void stopUdevd() throws Exception {
        GuestKernel.sh("udevadm settle --timeout=30; udevadm control --exit");
        for (String signal : List.of("TERM", "KILL")) {
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> udevPids().isEmpty());
                return;
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                List<String> pids = udevPids();
                if (!pids.isEmpty()) GuestKernel.sh("kill -" + signal + " " + String.join(" ", pids));
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> udevPids().isEmpty());
    }

    @Test
    void twoHostsTimesSixteenLunsAre32PathsIn16Wwids() throws Exception {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug(SAN);
        assertEquals(32, disks.size());
        PathDiscovery discovery = new PathDiscovery(new LinuxSysfs(), PathDiscovery.Config.defaults());
        List<DiscoveredPath> paths = scsiDebugPaths(discovery);
        assertEquals(32, paths.size());

        Map<Wwid, List<DiscoveredPath>> byWwid = new TreeMap<>();
        for (DiscoveredPath p : paths) {
            assertTrue(p.path().wwid() != null, "no WWID for " + p.name());
            byWwid.computeIfAbsent(p.path().wwid(), w -> new ArrayList<>()).add(p);
        }
        assertEquals(16, byWwid.size(), byWwid.keySet().toString());
        for (Map.Entry<Wwid, List<DiscoveredPath>> e : byWwid.entrySet()) {
            List<DiscoveredPath> two = e.getValue();
            assertEquals(2, two.size(), e.getKey().value());
            assertEquals(Set.of(two.get(0).path().scsi().host(), two.get(1).path().scsi().host()).size(), 2,
                    "one path through each host: " + two);
            assertEquals(two.get(0).path().scsi().lun(), two.get(1).path().scsi().lun());
        }
        // Our grouping is the kernel's: the same partition of disks as by device/wwid.
        Map<String, Set<String>> byKernelWwid = disks.stream().collect(Collectors.groupingBy(ScsiDisk::wwid,
                Collectors.mapping(ScsiDisk::name, Collectors.toSet())));
        Set<Set<String>> ours = byWwid.values().stream()
                .map(l -> l.stream().map(DiscoveredPath::name).collect(Collectors.toSet())).collect(Collectors.toSet());
        assertEquals(Set.copyOf(byKernelWwid.values()), ours);

        // Without udevd the WWID comes from VPD 0x83 decoded by multipathd's rules; LUN 0's is exactly the
        // ID_SERIAL udevd gave the same scsi_debug LUN in the fixture capture (6.1 kernel, vpd_use_hostno=0).
        boolean udevDb = Files.isDirectory(Path.of("/run/udev/data"));
        DiscoveredPath lun0 = paths.stream().filter(p -> p.path().scsi().lun() == 0).findFirst().orElseThrow();
        if (!udevDb) {
            assertEquals(WwidSource.VPD_PG83, lun0.wwidSource());
            assertEquals("1Linux_scsi_debug_2000", lun0.path().wwid().value());
        }
        StringBuilder report = new StringBuilder();
        for (DiscoveredPath p : paths) {
            report.append(p.name()).append(' ').append(p.path().devt()).append(' ').append(p.path().scsi())
                    .append(' ').append(p.path().wwid()).append(" (").append(p.wwidSource()).append(")\n");
        }
        Files.writeString(GuestKernel.resultsDir().resolve("uevent-discovery-32.txt"), report.toString());
    }

    @Test
    void listenerReportsAddsAndTheRemoveOfADeletedPath() throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        PathDiscovery discovery = new PathDiscovery(new LinuxSysfs(), PathDiscovery.Config.defaults());
        try (NetlinkUeventSource source = NetlinkUeventSource.openKernel()) {
            UeventListener listener = UeventListener.start(vertx.getOrCreateContext(), source,
                    UeventListener.Options.defaults().withDiscovery(discovery), handler);
            List<ScsiDisk> disks = GuestKernel.loadScsiDebug("add_host=2 num_tgts=1 max_luns=2 vpd_use_hostno=0");
            assertEquals(4, disks.size());
            for (ScsiDisk d : disks) {
                await().atMost(GuestKernel.SETTLE).until(() -> handler.seen(PathEvent.Added.class, d.name()));
                assertEquals(d.devt(), handler.find(PathEvent.Added.class, d.name()).devt());
            }
            ScsiDisk victim = disks.get(0);
            assertTrue(discovery.discover(victim.name()).isPresent());
            GuestKernel.delete(victim);
            await().atMost(GuestKernel.SETTLE).until(() -> handler.seen(PathEvent.Removed.class, victim.name()));
            assertEquals(victim.devt(), handler.find(PathEvent.Removed.class, victim.name()).devt());
            assertTrue(discovery.discover(victim.name()).isEmpty());
            assertEquals(3, scsiDebugPaths(discovery).size());
            UeventStats s = listener.stats();
            assertEquals(0, s.droppedTotal(), s.toString());
            assertTrue(handler.resyncs.isEmpty(), "no SEQNUM gap or overflow on a quiet guest: " + handler.resyncs);
            listener.close();
        }
    }

    @Test
    void udevSourceYieldsTheSamePathsWithIdSerial() throws Exception {
        Path udevd = Files.exists(Path.of("/lib/systemd/systemd-udevd")) ? Path.of("/lib/systemd/systemd-udevd")
                : Path.of("/usr/lib/systemd/systemd-udevd");
        Assumptions.assumeTrue(Files.isExecutable(udevd),
                "systemd-udevd is not installed on the host root the guest mounts (package udev)");
        GuestKernel.sh(udevd + " --daemon").orThrow("start udevd");
        try {
            vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
            await().atMost(GuestKernel.SETTLE).until(() -> Files.exists(Path.of("/run/udev/control")));
            try (NetlinkUeventSource source = NetlinkUeventSource.openPreferred()) {
                assertEquals(RawUevent.UDEV_GROUP, source.group(), "udevd runs: listen to its re-broadcast");
                UeventListener listener = UeventListener.start(vertx.getOrCreateContext(), source,
                        UeventListener.Options.defaults().withUidAttrs(UidAttributes.parse("sd:ID_SERIAL")), handler);
                List<ScsiDisk> disks = GuestKernel.loadScsiDebug(SAN);
                for (ScsiDisk d : disks) {
                    await().atMost(GuestKernel.SETTLE).until(() -> handler.seen(PathEvent.Added.class, d.name()));
                }
                PathDiscovery viaUdev = new PathDiscovery(new LinuxSysfs(), PathDiscovery.Config.defaults());
                PathDiscovery viaVpd = new PathDiscovery(new LinuxSysfs(), new PathDiscovery.Config(
                        DevnodeFilter.defaults(), WwidSource.VPD_PG83, UidAttributes.NONE));
                List<DiscoveredPath> udevPaths = scsiDebugPaths(viaUdev);
                List<DiscoveredPath> vpdPaths = scsiDebugPaths(viaVpd);
                assertEquals(32, udevPaths.size());
                Map<String, String> kernelWwid = disks.stream().collect(Collectors.toMap(ScsiDisk::name, ScsiDisk::wwid));
                Map<String, String> vpdWwid = vpdPaths.stream().collect(Collectors.toMap(DiscoveredPath::name, p -> p.path().wwid().value()));
                // the guest runs the host's udev rules: sg3-utils-udev's (a dependency of Debian's multipath-tools)
                // replace stock udev's choice of designator
                boolean sg3Rules = Files.exists(Path.of("/lib/udev/rules.d/55-scsi-sg3_id.rules"))
                        || Files.exists(Path.of("/usr/lib/udev/rules.d/55-scsi-sg3_id.rules"));
                for (DiscoveredPath u : udevPaths) {
                    assertEquals(WwidSource.UDEV, u.wwidSource(), u.name());
                    PathEvent added = handler.find(PathEvent.Added.class, u.name());
                    assertEquals(Uevent.Source.UDEV, added.uevent().source());
                    assertEquals(added.uevent().property("ID_SERIAL"), u.path().wwid().value());
                    String k = kernelWwid.get(u.name());
                    if (sg3Rules) {
                        // sg3-utils-udev's 55-scsi-sg3_id.rules pick the designator multipathd's VPD decoding picks
                        assertEquals(vpdWwid.get(u.name()), u.path().wwid().value(), u.name());
                    } else if (k.startsWith("naa.")) {
                        // stock udev (scsi_id) prefers any NAA designator: '3' + the hex the kernel shows as naa.<hex>
                        assertEquals("3" + k.substring(4).toLowerCase(), u.path().wwid().value());
                    }
                }
                assertEquals(16, udevPaths.stream().map(p -> p.path().wwid()).distinct().count());
                // udev and multipathd's VPD rules may name a LUN differently (scsi_debug: NAA-3 vs T10 id) but they
                // group the paths identically
                assertEquals(grouping(vpdPaths), grouping(udevPaths));
                listener.close();
            }
        } finally {
            // udevd and its workers must be gone before the next test loads disks (they would hold them open)
            stopUdevd();
            // its database outlives udevd; other tests expect a guest without one (/run is the guest's tmpfs)
            GuestKernel.sh("rm -rf /run/udev");
        }
    }

    private static List<DiscoveredPath> scsiDebugPaths(PathDiscovery d) throws Exception {
        return d.scan().stream().filter(p -> p.path().product().equals("scsi_debug")).toList();
    }

    private static Set<Set<String>> grouping(List<DiscoveredPath> paths) {
        return paths.stream().collect(Collectors.groupingBy(p -> p.path().wwid(),
                        Collectors.mapping(DiscoveredPath::name, Collectors.toSet())))
                .values().stream().collect(Collectors.toSet());
    }
}
