package io.mpathvx.uevent;

import io.mpathvx.core.kernel.RawUevent;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.testkit.GuestKernel;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The listener on a REAL NETLINK_KOBJECT_UEVENT socket (root, kernel group), fed by loop devices made and removed
 * through /dev/loop-control. Tagged real-kernel: it runs in the guest, which has root and loop devices, instead of
 * being skipped on a host without /dev/loop-control.
 */
@Tag("real-kernel")
class NetlinkListenerTest {
    private Vertx vertx;
    private LoopControl loops;
    private final List<Integer> made = new ArrayList<>();
    private final Random random = new Random(4242);
    private final RecordingHandler handler = new RecordingHandler();

    @BeforeAll
    static void guestWithLoopDevices() {
        GuestKernel.assumeGuest();
        GuestKernel.loadModule("loop");
    }

    @AfterAll
    static void unloadLoop() {
        if (GuestKernel.inGuest()) GuestKernel.unloadModule("loop");
    }

    @BeforeEach
    void start() throws Exception {
        assertTrue(LoopControl.available(), "root and /dev/loop-control in the guest");
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        loops = new LoopControl();
    }

    @AfterEach
    void stop() {
        if (loops != null) {
            made.forEach(loops::removeQuietly);
            loops.close();
        }
        if (vertx != null) vertx.close().await();
    }

    @Test
    void reportsAddAndRemoveOfARealLoopDevice() throws Exception {
        Context ctx = vertx.getOrCreateContext();
        try (NetlinkUeventSource source = NetlinkUeventSource.open(RawUevent.KERNEL_GROUP, 8 << 20)) {
            assertTrue(source.receiveBuffer() >= 8 << 20, "SO_RCVBUFFORCE granted " + source.receiveBuffer());
            // loop devices are blacklisted by default; this test wants to see them
            UeventListener listener = UeventListener.start(ctx, source,
                    UeventListener.Options.defaults().withFilter(DevnodeFilter.none()), handler);
            int n = LoopControl.freeNumber(random);
            String name = "loop" + n;
            // (the socket queues events from open() on, so nothing is lost before the watch is registered)
            made.add(n);
            loops.add(n);
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.seen(PathEvent.Added.class, name));
            DevT devt = DevT.parse(Files.readString(Path.of("/sys/block/" + name + "/dev")).trim());
            PathEvent added = handler.find(PathEvent.Added.class, name);
            assertEquals(devt, added.devt());
            assertEquals(Uevent.Source.KERNEL, added.uevent().source());
            assertEquals("/devices/virtual/block/" + name, added.uevent().devpath());

            loops.remove(n);
            await().atMost(Duration.ofSeconds(10)).until(() -> handler.seen(PathEvent.Removed.class, name));
            assertEquals(devt, handler.find(PathEvent.Removed.class, name).devt());
            made.remove(Integer.valueOf(n));

            UeventStats s = statsOnLoop(ctx, listener);
            assertEquals(s.received(), s.parsed() + s.droppedTotal());
            assertEquals(0, s.droppedTotal(), "the kernel's own datagrams are all valid: " + s.dropped());
            assertTrue(s.ignored() > 0, "bdi events for the loop device are ignored");
            listener.close();
        }
    }

    @Test
    void aBurstIntoATinyReceiveBufferProducesAResync() throws Exception {
        Context ctx = vertx.getOrCreateContext();
        // SO_RCVBUFFORCE 0: the kernel's minimum, a few datagrams
        try (NetlinkUeventSource source = NetlinkUeventSource.open(RawUevent.KERNEL_GROUP, 0)) {
            UeventListener listener = UeventListener.start(ctx, source,
                    UeventListener.Options.defaults().withFilter(DevnodeFilter.none()), handler);
            registered(ctx);
            int[] numbers = new int[20];
            for (int i = 0; i < numbers.length; i++) numbers[i] = LoopControl.freeNumber(random);
            // The burst runs ON the event loop, so the listener cannot drain until it is over: the socket must
            // overflow. (A test-only block of the loop, a few hundred ms.)
            ctx.runOnContext(v -> {
                for (int n : numbers) {
                    try {
                        made.add(n);
                        loops.add(n);
                        loops.remove(n);
                        made.remove(Integer.valueOf(n));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() -> !handler.resyncs.isEmpty());
            assertEquals(Resync.Reason.OVERFLOW, handler.resyncs.peek().reason());
            UeventStats s = statsOnLoop(ctx, listener);
            assertTrue(s.resyncs() >= 1);
            assertEquals(s.received(), s.parsed() + s.droppedTotal());
            listener.close();
        }
    }

    /**
     * The listener's counters read on its loop, between two drains: read from the test thread they can be caught
     * mid-datagram (received counted, parse not yet), and the kernel keeps sending loop-device events meanwhile.
     */
    private static UeventStats statsOnLoop(Context ctx, UeventListener listener) throws Exception {
        java.util.concurrent.CompletableFuture<UeventStats> f = new java.util.concurrent.CompletableFuture<>();
        ctx.runOnContext(v -> f.complete(listener.stats()));
        return f.get(30, java.util.concurrent.TimeUnit.SECONDS);
    }

    /** Waits until the listener's start() (queued on the context) has run. */
    private static void registered(Context ctx) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        ctx.runOnContext(v -> done.set(true));
        await().atMost(Duration.ofSeconds(5)).untilTrue(done);
    }
}
