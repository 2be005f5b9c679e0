package io.mpathvx.core.loop;

import io.mpathvx.core.kernel.ReadyWatch;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FdPollerTest {
    private final POSIX posix = POSIXFactory.getNativePOSIX();
    private Vertx vertx;
    private final int[] pipe = new int[2];

    @BeforeEach
    void start() {
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        assertEquals(0, posix.pipe(pipe));
    }

    @AfterEach
    void stop() {
        vertx.close().await();
        posix.close(pipe[0]);
        posix.close(pipe[1]);
    }

    @Test
    void readinessArrivesOnTheContextThreadAndPausesUntilResumed() {
        Context ctx = vertx.getOrCreateContext();
        assertTrue(FdPoller.supported(ctx), "native transport must be active");
        AtomicInteger calls = new AtomicInteger();
        AtomicReference<Thread> callbackThread = new AtomicReference<>();
        AtomicReference<Thread> contextThread = new AtomicReference<>();
        ctx.runOnContext(v -> contextThread.set(Thread.currentThread()));
        AtomicReference<ReadyWatch> watch = new AtomicReference<>();
        ctx.runOnContext(v -> watch.set(FdPoller.watch(ctx, pipe[0], () -> {
            callbackThread.set(Thread.currentThread());
            calls.incrementAndGet();
        })));
        await().until(() -> watch.get() != null);
        posix.write(pipe[1], new byte[]{1}, 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 1);
        assertEquals(contextThread.get(), callbackThread.get());
        // Unconsumed but paused: a second byte must not produce a call until resume().
        posix.write(pipe[1], new byte[]{2}, 1);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> calls.get() == 1);
        ctx.runOnContext(v -> watch.get().resume());
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() == 2);
        watch.get().close();
    }
}
