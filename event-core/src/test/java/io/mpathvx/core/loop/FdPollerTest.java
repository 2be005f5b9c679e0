package io.mpathvx.core.loop;

import io.mpathvx.core.kernel.ReadyWatch;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import jnr.constants.platform.OpenFlags;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        assertTrue(watch.get().started().succeeded());
    }

    @Test
    void anFdEpollRefusesFailsTheRegistrationInsteadOfStayingSilent() throws Exception {
        // epoll_ctl refuses regular files with EPERM: before, the watch was dead and nobody was told
        Path file = Files.createTempFile("fdpoller", ".txt");
        int fd = posix.open(file.toString(), OpenFlags.O_RDONLY.intValue(), 0);
        assertTrue(fd >= 0, "open " + file);
        try {
            Context ctx = vertx.getOrCreateContext();
            AtomicInteger calls = new AtomicInteger();
            Future<Void> registered = onContext(ctx, () -> FdPoller.watch(ctx, fd, calls::incrementAndGet)).started();
            Throwable cause = assertThrows(Exception.class,
                    () -> registered.toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS));
            assertTrue(registered.failed(), "registration failure surfaced: " + cause);
            assertEquals(0, calls.get());
        } finally {
            posix.close(fd);
            Files.delete(file);
        }
    }

    private static <T> T onContext(Context ctx, java.util.function.Supplier<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        ctx.runOnContext(v -> f.complete(task.get()));
        return f.get(5, TimeUnit.SECONDS);
    }
}
