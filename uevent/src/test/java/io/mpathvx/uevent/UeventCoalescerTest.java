package io.mpathvx.uevent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** multipathd's filter and merge rules (multipathd uevent.c), one rule per test. */
class UeventCoalescerTest {
    private final UeventCounters counters = new UeventCounters();
    private long seq = 1000;

    private Uevent ev(String action, String name, String... extra) {
        List<String> env = new ArrayList<>(List.of("ACTION=" + action, "DEVPATH=/devices/x/block/" + name,
                "SUBSYSTEM=block", "DEVTYPE=disk", "MAJOR=8", "MINOR=" + (seq % 200), "SEQNUM=" + seq++));
        env.addAll(List.of(extra));
        return Uevent.fromEnvironment(env, Uevent.Source.UDEV);
    }

    private Uevent path(String action, String name, String wwid) {
        return ev(action, name, "ID_SERIAL=" + wwid);
    }

    private List<String> run(UidAttributes uid, Uevent... events) {
        UeventBatch b = new UeventCoalescer(DevnodeFilter.defaults(), uid, counters).coalesce(List.of(events));
        List<String> out = new ArrayList<>();
        for (PathEvent p : b.paths()) out.add(p.uevent().action() + " " + p.name());
        for (MapUevent m : b.maps()) out.add("dm " + m.action() + " " + m.name());
        return out;
    }

    private List<String> run(Uevent... events) {
        return run(UidAttributes.NONE, events);
    }

    @Test
    void laterRemoveCancelsEarlierAddAndChange() {
        assertEquals(List.of("add sdb", "remove sda"),
                run(ev("add", "sda"), ev("change", "sda"), ev("add", "sdb"), ev("remove", "sda")));
        assertEquals(2, counters.snapshot().filtered());
    }

    @Test
    void laterAddCancelsEarlierChange() {
        assertEquals(List.of("add sda", "add sdb"), run(ev("change", "sda"), ev("add", "sda"), ev("add", "sdb")));
    }

    @Test
    void changeAfterAddStays() {
        assertEquals(List.of("add sda", "change sda"), run(ev("add", "sda"), ev("change", "sda")));
    }

    @Test
    void dmEventsAreNeverFilteredOrMerged() {
        assertEquals(List.of("dm add dm-0", "dm change dm-0", "dm remove dm-0"),
                run(ev("add", "dm-0"), ev("change", "dm-0"), ev("remove", "dm-0")));
        assertEquals(0, counters.snapshot().filtered());
    }

    @Test
    void blacklistedNonDmDevicesAreDiscarded() {
        assertEquals(List.of("add sda", "dm add dm-1"), run(ev("add", "loop3"), ev("add", "sda"), ev("add", "dm-1")));
        assertEquals(1, counters.snapshot().discarded());
    }

    @Test
    void partitionsAndOtherSubsystemsAreIgnored() {
        Uevent part = Uevent.fromEnvironment(List.of("ACTION=add", "DEVPATH=/devices/x/block/sda/sda1",
                "SUBSYSTEM=block", "DEVTYPE=partition", "SEQNUM=1"), Uevent.Source.KERNEL);
        Uevent scsi = Uevent.fromEnvironment(List.of("ACTION=add", "DEVPATH=/devices/x/0:0:0:0",
                "SUBSYSTEM=scsi", "SEQNUM=2"), Uevent.Source.KERNEL);
        assertEquals(List.of("add sda"), run(part, scsi, ev("add", "sda"), ev("bind", "sdb")));
        assertEquals(3, counters.snapshot().ignored());
    }

    @Test
    void addsOfOneWwidMergeIntoTheLatestAndStayAdjacent() {
        UidAttributes uid = UidAttributes.parse("sd:ID_SERIAL");
        assertEquals(List.of("add sdc", "add sda", "add sdb", "add sdd"),
                run(uid, path("add", "sda", "A"), path("add", "sdc", "B"), path("add", "sdb", "A"),
                        path("add", "sdd", "A")));
        assertEquals(2, counters.snapshot().merged());
    }

    @Test
    void noMergingWithoutUidAttrs() {
        run(path("add", "sda", "A"), path("add", "sdb", "A"));
        assertEquals(0, counters.snapshot().merged());
    }

    @Test
    void mergingStopsAtAnOppositeActionOfTheSameWwid() {
        UidAttributes uid = UidAttributes.parse("sd:ID_SERIAL");
        // add sda | remove sdb (A) | add sdc: merging sdc's add across sdb's remove would reorder them
        assertEquals(List.of("add sda", "remove sdb", "add sdc"),
                run(uid, path("add", "sda", "A"), path("remove", "sdb", "A"), path("add", "sdc", "A")));
        assertEquals(0, counters.snapshot().merged());
    }

    @Test
    void mergingStopsAtAnEventWithoutWwid() {
        UidAttributes uid = UidAttributes.parse("sd:ID_SERIAL");
        assertEquals(List.of("add sda", "add sdx", "add sdb"),
                run(uid, path("add", "sda", "A"), ev("add", "sdx"), path("add", "sdb", "A")));
        assertEquals(0, counters.snapshot().merged());
    }

    @Test
    void mergingStopsAtADmEvent() {
        UidAttributes uid = UidAttributes.parse("sd:ID_SERIAL");
        run(uid, path("add", "sda", "A"), ev("change", "dm-0"), path("add", "sdb", "A"));
        assertEquals(0, counters.snapshot().merged());
    }

    @Test
    void removesOfOneWwidMergeToo() {
        UidAttributes uid = UidAttributes.parse("sd:ID_SERIAL");
        assertEquals(List.of("remove sda", "remove sdb"),
                run(uid, path("remove", "sda", "A"), path("remove", "sdb", "A")));
        assertEquals(1, counters.snapshot().merged());
    }

    @Test
    void aStormOfAddsBecomesOneBatch() {
        UidAttributes uid = UidAttributes.parse("sd:ID_SERIAL");
        List<Uevent> storm = new ArrayList<>();
        for (int i = 0; i < 1000; i++) storm.add(path("add", "sd" + name(i), "W" + (i % 10)));
        UeventBatch b = new UeventCoalescer(DevnodeFilter.defaults(), uid, counters).coalesce(storm);
        assertEquals(1000, b.paths().size());
        assertEquals(990, counters.snapshot().merged());
        // each WWID's adds are adjacent
        for (int i = 0; i < 1000; i += 100) {
            String w = b.paths().get(i).uevent().property("ID_SERIAL");
            for (int j = i; j < i + 100; j++) assertEquals(w, b.paths().get(j).uevent().property("ID_SERIAL"));
        }
    }

    private static String name(int i) {
        StringBuilder sb = new StringBuilder();
        do {
            sb.insert(0, (char) ('a' + i % 26));
            i = i / 26 - 1;
        } while (i >= 0);
        return sb.toString();
    }
}
