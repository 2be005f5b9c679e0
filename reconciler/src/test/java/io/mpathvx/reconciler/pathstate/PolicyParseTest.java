package io.mpathvx.reconciler.pathstate;

import io.mpathvx.core.config.Failback;
import io.mpathvx.core.config.NoPathRetry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** multipath.conf values of no_path_retry and failback. */
class PolicyParseTest {
    @Test
    void noPathRetryValues() {
        assertEquals(NoPathRetry.QUEUE, NoPathRetry.parse("queue"));
        assertEquals(NoPathRetry.FAIL, NoPathRetry.parse("fail"));
        assertEquals(NoPathRetry.FAIL, NoPathRetry.parse("0"));
        assertEquals(NoPathRetry.retries(12), NoPathRetry.parse(" 12 "));
        assertEquals("12", NoPathRetry.retries(12).toString());
        assertEquals("queue", NoPathRetry.QUEUE.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> NoPathRetry.parse("-3"));
        assertTrue(e.getMessage().contains("'-3'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> NoPathRetry.parse(null));
        assertThrows(IllegalArgumentException.class, () -> NoPathRetry.parse("Queue"));
        assertThrows(IllegalArgumentException.class, () -> NoPathRetry.retries(0));
        assertThrows(IllegalArgumentException.class, () -> new NoPathRetry(NoPathRetry.Kind.QUEUE, 2));
    }

    @Test
    void failbackValues() {
        assertEquals(Failback.IMMEDIATE, Failback.parse("immediate"));
        assertEquals(Failback.MANUAL, Failback.parse("manual"));
        assertEquals(Failback.FOLLOWOVER, Failback.parse("followover"));
        assertEquals(Failback.deferred(30), Failback.parse("30"));
        assertEquals("30", Failback.parse("30").toString());
        assertEquals(Duration.ofSeconds(30), Failback.parse("30").delay());
        assertEquals(Duration.ZERO, Failback.IMMEDIATE.delay());
        assertThrows(IllegalArgumentException.class, () -> Failback.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> Failback.parse("soon"));
        assertThrows(IllegalArgumentException.class, () -> Failback.deferred(0));
        assertThrows(IllegalArgumentException.class, () -> new Failback(Failback.Mode.MANUAL, 1));
    }

    @Test
    void policyNeedsAPositiveInterval() {
        assertThrows(IllegalArgumentException.class,
                () -> new MapPolicy(NoPathRetry.FAIL, Failback.MANUAL, Duration.ZERO, false));
        assertThrows(IllegalArgumentException.class,
                () -> new MapPolicy(NoPathRetry.UNDEF, Failback.MANUAL, Duration.ofSeconds(5), false),
                "the state machine has no rule for an unset no_path_retry");
        assertEquals(Duration.ofSeconds(15),
                new MapPolicy(NoPathRetry.retries(3), Failback.MANUAL, Duration.ofSeconds(5), true).recoveryTime());
    }

    /** Random text never crashes the parsers: a value or IllegalArgumentException. */
    @Test
    void fuzz() {
        Random random = new Random(20261121L);
        String alphabet = "0123456789-+ queufailmdtxo\t";
        int values = 0;
        for (int n = 0; n < 5_000; n++) {
            StringBuilder sb = new StringBuilder();
            int len = random.nextInt(12);
            for (int i = 0; i < len; i++) sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            String text = sb.toString();
            try {
                NoPathRetry.parse(text);
                values++;
            } catch (IllegalArgumentException expected) {
                // fine
            } catch (RuntimeException other) {
                fail("NoPathRetry.parse('" + text + "') threw " + other);
            }
            try {
                Failback.parse(text);
                values++;
            } catch (IllegalArgumentException expected) {
                // fine
            } catch (RuntimeException other) {
                fail("Failback.parse('" + text + "') threw " + other);
            }
        }
        assertTrue(values > 0, "the fuzzer produced some valid values");
    }
}
