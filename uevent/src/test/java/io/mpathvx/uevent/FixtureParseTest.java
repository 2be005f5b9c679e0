package io.mpathvx.uevent;

import io.mpathvx.core.kernel.RawUevent;
import io.mpathvx.core.model.DevT;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The 110 real datagrams captured from a 6.1 kernel with udevd (fixtures/README). */
class FixtureParseTest {
    private final List<RawUevent> raw = Resources.fixture();

    private List<Uevent> parseAll(UeventCounters counters) {
        DatagramDecoder decoder = new DatagramDecoder(counters);
        List<Uevent> out = new ArrayList<>();
        for (RawUevent r : raw) {
            Uevent ev = decoder.decode(r);
            assertNotNull(ev, () -> "datagram dropped: " + counters.snapshot().dropped());
            out.add(ev);
        }
        return out;
    }

    @Test
    void everyDatagramParses() {
        UeventCounters counters = new UeventCounters();
        List<Uevent> all = parseAll(counters);
        assertEquals(110, raw.size());
        assertEquals(110, counters.snapshot().parsed());
        assertEquals(0, counters.snapshot().droppedTotal());
        assertEquals(55, all.stream().filter(e -> e.source() == Uevent.Source.KERNEL).count());
        assertEquals(55, all.stream().filter(e -> e.source() == Uevent.Source.UDEV).count());
    }

    @Test
    void actionAndSubsystemCountsPerSource() {
        List<Uevent> all = parseAll(new UeventCounters());
        for (Uevent.Source src : Uevent.Source.values()) {
            Map<String, Integer> actions = new TreeMap<>();
            Map<String, Integer> subsystems = new TreeMap<>();
            for (Uevent e : all) {
                if (e.source() != src) continue;
                actions.merge(e.action(), 1, Integer::sum);
                subsystems.merge(e.subsystem(), 1, Integer::sum);
            }
            assertEquals(Map.of("add", 29, "remove", 11, "change", 10, "bind", 4, "unbind", 1), actions, src.name());
            assertEquals(Map.ofEntries(Map.entry("block", 14), Map.entry("scsi", 13), Map.entry("bdi", 5),
                    Map.entry("pseudo", 4), Map.entry("scsi_device", 3), Map.entry("scsi_generic", 3),
                    Map.entry("bsg", 3), Map.entry("scsi_disk", 3), Map.entry("workqueue", 2),
                    Map.entry("scsi_host", 2), Map.entry("bus", 1), Map.entry("drivers", 1),
                    Map.entry("module", 1)), subsystems, src.name());
        }
    }

    @Test
    void kernelSeqnumsAreContiguous() {
        List<Uevent> all = parseAll(new UeventCounters());
        long expect = 716;
        for (Uevent e : all) {
            if (e.source() != Uevent.Source.KERNEL) continue;
            assertEquals(expect++, e.seqnum());
        }
        assertEquals(771, expect);
    }

    @Test
    void kernelAddOfSda() {
        Uevent e = parseAll(new UeventCounters()).get(31);
        assertEquals(Uevent.Source.KERNEL, e.source());
        assertEquals("add", e.action());
        assertEquals("/devices/pseudo_0/adapter0/host0/target0:0:0/0:0:0:0/block/sda", e.devpath());
        assertEquals("block", e.subsystem());
        assertEquals(747, e.seqnum());
        assertEquals("sda", e.kernelName());
        assertEquals("sda", e.devName());
        assertEquals("disk", e.devType());
        assertEquals(new DevT(8, 0), e.devt().orElseThrow());
        assertEquals("1", e.property("DISKSEQ"));
        assertEquals(List.of("ACTION", "DEVPATH", "SUBSYSTEM", "MAJOR", "MINOR", "DEVNAME", "DEVTYPE", "DISKSEQ",
                "SEQNUM"), List.copyOf(e.properties().keySet()));
        assertFalse(e.isDm());
        assertFalse(e.isPartition());
    }

    @Test
    void dmMultipathPathFailed() {
        Uevent e = parseAll(new UeventCounters()).get(74);
        assertEquals("change", e.action());
        assertEquals("dm-0", e.kernelName());
        assertTrue(e.isDm());
        assertTrue(e.isMultipath());
        assertEquals("PATH_FAILED", e.dmAction());
        assertEquals("8:0", e.dmPath());
        assertEquals("mpcap", e.dmName());
        assertEquals("mpath-capture", e.dmUuid());
        assertEquals("multipath", e.property("DM_TARGET"));
        assertEquals("1", e.property("DM_NR_VALID_PATHS"));
        assertEquals(new DevT(254, 0), e.devt().orElseThrow());
        assertEquals(754, e.seqnum());
    }

    @Test
    void udevChangeOfSdbCarriesUdevProperties() {
        Uevent e = parseAll(new UeventCounters()).get(75);
        assertEquals(Uevent.Source.UDEV, e.source());
        assertEquals("change", e.action());
        assertEquals("sdb", e.kernelName());
        assertEquals("/dev/sdb", e.devName());
        assertEquals(749, e.seqnum());
        assertEquals(new DevT(8, 16), e.devt().orElseThrow());
        assertEquals("1Linux_scsi_debug_2000", e.property("ID_SERIAL"));
        assertEquals("33333330000007d0", e.property("SCSI_IDENT_LUN_NAA_LOCAL"));
        assertEquals("UDEV_DATABASE_VERSION", e.properties().keySet().iterator().next());
        assertEquals(52, e.properties().size());
        assertEquals("1Linux_scsi_debug_2000", e.wwid(UidAttributes.parse("sd:ID_SERIAL")).orElseThrow());
        assertEquals("1Linux_scsi_debug_2000", e.wwid("ID_SERIAL").orElseThrow());
        assertTrue(e.wwid("ID_NOPE").isEmpty());
        assertTrue(e.wwid(UidAttributes.parse("nvme:ID_WWN")).isEmpty(), "no uid_attrs entry for sd");
    }

    @Test
    void udevDmChangeHasNameAndUuid() {
        Uevent e = parseAll(new UeventCounters()).get(73);
        assertEquals(Uevent.Source.UDEV, e.source());
        assertEquals("dm-0", e.kernelName());
        assertEquals("mpath-capture", e.dmUuid());
        assertTrue(e.isMultipath());
        assertEquals(753, e.seqnum());
    }

    @Test
    void kernelHalfCoalescesLikeMultipathd() {
        UeventCounters counters = new UeventCounters();
        List<Uevent> kernel = parseAll(counters).stream().filter(e -> e.source() == Uevent.Source.KERNEL).toList();
        UeventBatch b = new UeventCoalescer(DevnodeFilter.defaults(), UidAttributes.NONE, counters).coalesce(kernel);
        // remove sdb (seq 767) cancels add sdb and change sdb; sda's add and change stay; dm events all pass
        assertEquals(List.of("Added sda", "Changed sda", "Removed sdb"),
                b.paths().stream().map(p -> p.getClass().getSimpleName() + " " + p.name()).toList());
        assertEquals(List.of("add", "change", "change", "change", "change", "change", "change", "remove", "remove"),
                b.maps().stream().map(MapUevent::action).toList());
        assertEquals(5, b.maps().stream().filter(m -> m.dmAction() != null).count());
        UeventStats s = counters.snapshot();
        assertEquals(41, s.ignored()); // 55 kernel events, 14 of them block disks
        assertEquals(2, s.filtered());
        assertEquals(12, s.delivered());
    }
}
