package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class BackoffTest {
    private final List<Long> delays = new ArrayList<>();
    private final List<Runnable> retries = new ArrayList<>();
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), (ms, task) -> {
        delays.add(ms);
        retries.add(task);
    });

    @Test
    void theDelayDoublesPerAttemptUpToTheMaximum() {
        WwidState s = new WwidState(Wwid.of("3600a"));
        int[] ran = {0};
        for (int i = 0; i < 4; i++) backoff.failed(s, "EBUSY " + i, () -> ran[0]++);
        assertEquals(List.of(200L, 400L, 800L, 1000L), delays);
        assertEquals(4, s.attempts);
        assertEquals("EBUSY 3", s.lastError);
        retries.get(0).run();
        assertEquals(1, ran[0], "the retry is the caller's task, run by the timer");
    }

    @Test
    void aHugeAttemptCountDoesNotOverflowTheDelay() {
        assertEquals(1000L, backoff.delayMillis(Integer.MAX_VALUE));
    }

    @Test
    void failingCountsWwidsNotAttempts() {
        WwidState a = new WwidState(Wwid.of("3600a"));
        WwidState b = new WwidState(Wwid.of("3600b"));
        backoff.failed(a, "x", () -> { });
        backoff.failed(a, "x", () -> { });
        backoff.failed(b, "x", () -> { });
        assertEquals(2, backoff.failing());
        backoff.cleared(a);
        backoff.cleared(a);
        assertEquals(1, backoff.failing());
        assertEquals(0, a.attempts);
        assertNull(a.lastError);
    }
}
