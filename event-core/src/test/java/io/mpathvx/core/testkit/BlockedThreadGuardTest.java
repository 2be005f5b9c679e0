package io.mpathvx.core.testkit;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BlockedThreadGuardTest {
    @Test
    void aBlockedEventLoopIsReportedAsAFailure() throws Exception {
        BlockedThreadGuard guard = new BlockedThreadGuard();
        guard.beforeEach(null);
        Vertx vertx = Vertx.vertx(new VertxOptions().setBlockedThreadCheckInterval(10)
                .setBlockedThreadCheckIntervalUnit(TimeUnit.MILLISECONDS)
                .setMaxEventLoopExecuteTime(20).setMaxEventLoopExecuteTimeUnit(TimeUnit.MILLISECONDS));
        CountDownLatch release = new CountDownLatch(1);
        try {
            // Deliberately block the loop until the checker has complained.
            vertx.runOnContext(v -> {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> !BlockedThreadGuard.warnings().isEmpty());
        } finally {
            release.countDown();
            vertx.close().await();
        }
        assertThrows(AssertionError.class, () -> guard.afterEach(null));
        // The failure is reported once; the next test starts clean.
        assertDoesNotThrow(() -> guard.afterEach(null));
    }
}
