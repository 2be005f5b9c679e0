package io.mpathvx.uevent;

import io.mpathvx.core.kernel.RawUevent;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The listener's pipeline on an in-memory source: batching per turn, sender checks, seqnum gaps, overflow. */
class UeventListenerTest {
    private final Vertx vertx = Vertx.vertx();
    private final QueueUeventSource source = new QueueUeventSource();
    private final RecordingHandler handler = new RecordingHandler();

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    static RawUevent kernel(String action, String name, long seq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String devpath = "/devices/test/block/" + name;
        for (String s : List.of(action + "@" + devpath, "ACTION=" + action, "DEVPATH=" + devpath, "SUBSYSTEM=block",
                "MAJOR=8", "MINOR=" + seq % 256, "DEVNAME=" + name, "DEVTYPE=disk", "SEQNUM=" + seq)) {
            out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
        return new RawUevent(RawUevent.KERNEL_GROUP, 0, 0, out.toByteArray());
    }

    private UeventListener start(UeventListener.Options options) {
        Context ctx = vertx.getOrCreateContext();
        return UeventListener.start(ctx, source, options, handler);
    }

    private List<String> names() {
        List<String> out = new ArrayList<>();
        for (UeventBatch b : handler.batches) for (PathEvent p : b.paths()) out.add(p.name());
        return out;
    }

    @Test
    void aSourceThatCannotBeWatchedFailsStartedAndDeliversNothing() {
        IllegalStateException refused = new IllegalStateException("epoll_ctl: Operation not permitted");
        source.refuseWatch = refused;
        UeventListener l = start(UeventListener.Options.defaults());
        await().atMost(Duration.ofSeconds(5)).until(() -> l.started().failed());
        assertEquals(refused, l.started().cause());
        source.push(kernel("add", "sda", 1));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> source.drains == 0);
        assertTrue(handler.batches.isEmpty());
    }

    @Test
    void startedCompletesOnceTheSourceIsWatched() {
        UeventListener l = start(UeventListener.Options.defaults());
        await().atMost(Duration.ofSeconds(5)).until(() -> l.started().succeeded());
    }

    @Test
    void queuedEventsArriveAsOneBatchOnTheEventLoop() {
        List<RawUevent> storm = new ArrayList<>();
        for (int i = 0; i < 500; i++) storm.add(kernel("add", "sd" + (char) ('a' + i % 26) + i, 100 + i));
        source.push(storm.toArray(RawUevent[]::new)); // queued before the listener watches: one wake-up
        UeventListener l = start(UeventListener.Options.defaults());
        await().atMost(Duration.ofSeconds(5)).until(() -> l.stats().delivered() == 500);
        assertEquals(1, handler.batches.size());
        assertEquals(500, handler.batches.peek().paths().size());
        assertTrue(handler.threads.peek().getName().contains("eventloop"), handler.threads.peek().getName());
        assertTrue(handler.resyncs.isEmpty());
    }

    @Test
    void maxPerTurnSplitsAStormIntoSeveralBatches() {
        List<RawUevent> storm = new ArrayList<>();
        for (int i = 0; i < 250; i++) storm.add(kernel("add", "sdx" + i, 1 + i));
        source.push(storm.toArray(RawUevent[]::new));
        UeventListener l = start(UeventListener.Options.defaults().withMaxPerTurn(100));
        await().atMost(Duration.ofSeconds(5)).until(() -> l.stats().delivered() == 250);
        assertEquals(3, handler.batches.size());
        assertTrue(handler.resyncs.isEmpty(), "consecutive SEQNUMs across handler.batches are no gap");
    }

    @Test
    void untrustedSendersAndGarbageAreCountedNotDelivered() {
        UeventListener l = start(UeventListener.Options.defaults());
        RawUevent good = kernel("add", "sda", 10);
        source.push(new RawUevent(1, 4711, 0, good.data()), // group 1 but not from the kernel
                new RawUevent(2, 99, 1000, good.data()), // udev group, not root
                new RawUevent(2, 99, -1, good.data()), // udev group, no credentials
                new RawUevent(1, 0, 0, new byte[]{'x'}), good);
        await().atMost(Duration.ofSeconds(5)).until(() -> l.stats().received() == 5);
        UeventStats s = l.stats();
        assertEquals(3L, s.dropped().get(DropReason.UNTRUSTED_SENDER));
        assertEquals(1L, s.dropped().get(DropReason.BAD_KERNEL_HEADER));
        assertEquals(1, s.parsed());
        assertEquals(List.of("sda"), names());
    }

    @Test
    void aSeqnumGapOnTheKernelSourceTriggersResync() {
        UeventListener l = start(UeventListener.Options.defaults());
        source.push(kernel("add", "sda", 10), kernel("add", "sdb", 11));
        await().atMost(Duration.ofSeconds(5)).until(() -> l.stats().delivered() == 2);
        source.push(kernel("add", "sdc", 14));
        await().atMost(Duration.ofSeconds(5)).until(() -> !handler.resyncs.isEmpty());
        assertEquals(Resync.Reason.SEQNUM_GAP, handler.resyncs.peek().reason());
        assertEquals(List.of("sda", "sdb", "sdc"), names(), "events around the gap are still delivered");
        source.push(kernel("add", "sdd", 15));
        await().atMost(Duration.ofSeconds(5)).until(() -> l.stats().delivered() == 4);
        assertEquals(1, handler.resyncs.size());
    }

    @Test
    void overflowTriggersResyncAndClearsTheAttributeCache() throws Exception {
        MapSysfs sysfs = new MapSysfs();
        sysfs.files.put("block/sdq/dev", "65:0");
        sysfs.files.put("block/sdq/device/vendor", "ACME");
        PathDiscovery discovery = new PathDiscovery(sysfs, PathDiscovery.Config.defaults());
        assertEquals("ACME", discovery.discover("sdq").orElseThrow().path().vendor());
        assertEquals("ACME", discovery.discover("sdq").orElseThrow().path().vendor());
        assertEquals(1, sysfs.vendorReads.get(), "second discover is served from the cache");
        UeventListener l = start(UeventListener.Options.defaults().withDiscovery(discovery));
        source.push(kernel("add", "sda", 1));
        source.overflow();
        await().atMost(Duration.ofSeconds(5)).until(() -> !handler.resyncs.isEmpty());
        assertEquals(Resync.Reason.OVERFLOW, handler.resyncs.peek().reason());
        assertEquals(1, l.stats().resyncs());
        discovery.discover("sdq");
        assertEquals(2, sysfs.vendorReads.get(), "the resync emptied the cache");
        // after an overflow the next SEQNUM is a new baseline, not a gap
        source.push(kernel("add", "sdb", 500));
        await().atMost(Duration.ofSeconds(5)).until(() -> l.stats().delivered() == 2);
        assertEquals(1, handler.resyncs.size());
    }

    @Test
    void aDevicesUeventInvalidatesItsCachedAttributes() throws Exception {
        MapSysfs sysfs = new MapSysfs();
        sysfs.files.put("block/sdq/dev", "65:0");
        sysfs.files.put("block/sdq/device/vendor", "ACME");
        PathDiscovery discovery = new PathDiscovery(sysfs, PathDiscovery.Config.defaults());
        discovery.discover("sdq");
        UeventListener l = start(UeventListener.Options.defaults().withDiscovery(discovery));
        source.push(kernel("change", "sdr", 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> l.stats().delivered() == 1);
        discovery.discover("sdq");
        assertEquals(1, sysfs.vendorReads.get(), "another device's uevent leaves sdq cached");
        source.push(kernel("change", "sdq", 2));
        await().atMost(Duration.ofSeconds(5)).until(() -> l.stats().delivered() == 2);
        sysfs.files.put("block/sdq/device/vendor", "EMCA");
        assertEquals("EMCA", discovery.discover("sdq").orElseThrow().path().vendor());
    }

    @Test
    void aBrokenSourceStopsTheListenerWithOneResync() {
        UeventListener l = start(UeventListener.Options.defaults());
        source.breakDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> !handler.resyncs.isEmpty());
        assertEquals(Resync.Reason.SOURCE_ERROR, handler.resyncs.peek().reason());
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> source.drains == 1);
        assertEquals(1, handler.resyncs.size());
        assertEquals(1, l.stats().resyncs());
    }

    @Test
    void closedListenerDeliversNothingMore() {
        UeventListener l = start(UeventListener.Options.defaults());
        source.push(kernel("add", "sda", 1));
        await().atMost(Duration.ofSeconds(5)).until(() -> l.stats().delivered() == 1);
        l.close();
        source.push(kernel("add", "sdb", 2));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> l.stats().received() == 1);
    }
}
