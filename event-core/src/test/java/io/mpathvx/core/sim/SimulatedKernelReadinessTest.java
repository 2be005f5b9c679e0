package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmEventChannel;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.ReadyWatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.mpathvx.core.sim.SimFixture.multipath;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedKernelReadinessTest {
    private Vertx vertx;
    private final SimulatedKernel k = SimFixture.twoByTwo();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void dmEventChannelIsReadyWhileTheGlobalCounterDiffersFromTheArmedValue() throws Exception {
        Context ctx = vertx.getOrCreateContext();
        AtomicReference<Thread> loop = new AtomicReference<>();
        ctx.runOnContext(v -> loop.set(Thread.currentThread()));
        await().until(() -> loop.get() != null);
        DmEventChannel ch = k.openEventChannel();
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Thread> seen = new AtomicReference<>();
        ReadyWatch w = ch.watch(ctx, () -> {
            seen.set(Thread.currentThread());
            calls.incrementAndGet();
        });
        k.create("m", "mpath-m");
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
        assertEquals(loop.get(), seen.get(), "readiness arrives on the context's thread");
        k.loadTable("m", multipath("0 0 1 1 round-robin 0 1 1 8:0 1"));
        k.resume("m");
        assertEquals(1, calls.get(), "paused until resume()");
        // consume: arm first, then list
        ch.arm();
        assertEquals(0, ch.listDevices().get(0).eventNr());
        w.resume();
        k.message("m", 0, "fail_path 8:0");
        await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 2);
        assertEquals(1, ch.listDevices().get(0).eventNr());
        assertEquals(1, k.calls().count(DmCall.ARM_POLL));
        w.close();
        ch.close();
    }

    @Test
    void armedChannelStaysQuietAndResumedUnarmedChannelFiresAgain() throws DmException {
        Context ctx = vertx.getOrCreateContext();
        DmEventChannel ch = k.openEventChannel();
        AtomicInteger calls = new AtomicInteger();
        ReadyWatch[] w = new ReadyWatch[1];
        w[0] = ch.watch(ctx, calls::incrementAndGet);
        k.create("a", null);
        await().until(() -> calls.get() == 1);
        w[0].resume(); // not armed: still ready → reported again (level-triggered)
        await().until(() -> calls.get() == 2);
        ch.arm();
        w[0].resume();
        k.info("a"); // not an event
        AtomicInteger probe = new AtomicInteger();
        ctx.runOnContext(v -> probe.set(calls.get())); // runs after any readiness already queued on the loop
        await().until(() -> probe.get() == 2);
        assertEquals(2, calls.get());
        ch.close();
    }

    @Test
    void ueventReadinessDeliversOnTheContextAndDrainEmptiesTheQueue() throws Exception {
        Context ctx = vertx.getOrCreateContext();
        AtomicInteger drained = new AtomicInteger();
        AtomicReference<ReadyWatch> w = new AtomicReference<>();
        ctx.runOnContext(v -> w.set(k.watch(ctx, () -> {
            try {
                drained.addAndGet(k.drain(e -> KernelUevent.parse(e), 100));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            w.get().resume();
        })));
        await().until(() -> w.get() != null);
        k.addLun(new SanTopology.LunSpec("36001405aaaaaaaaaaaaaaaaaaaaaaaaa", 2048, "LIO-ORG", "disk", "4.0", "s1", 7,
                java.util.List.of(new SanTopology.PathSpec(0, 0, 0, "running", null, false, ""),
                        new SanTopology.PathSpec(1, 0, 0, "running", null, false, ""))));
        await().atMost(Duration.ofSeconds(10)).until(() -> drained.get() == 8);
        assertEquals(0, k.queuedUevents());
        assertTrue(k.path("sde").isPresent());
        w.get().close();
    }
}
