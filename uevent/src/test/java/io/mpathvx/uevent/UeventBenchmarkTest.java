package io.mpathvx.uevent;

import io.mpathvx.core.kernel.RawUevent;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Throughput of the receive path on the 110 captured datagrams (prints, asserts nothing about speed). Excluded from
 * the normal build; run it as docs/uevent.md says.
 */
@Tag("benchmark")
class UeventBenchmarkTest {
    private static final int ROUNDS = 20_000; // 2.2 million datagrams per measurement

    @Test
    void parseAndFilterThroughput() {
        List<RawUevent> fixture = Resources.fixture();
        UidAttributes uid = UidAttributes.parse("sd:ID_SERIAL");
        run("warm-up", fixture, uid, ROUNDS / 4);
        for (int i = 1; i <= 3; i++) run("run " + i, fixture, uid, ROUNDS);
    }

    private static void run(String label, List<RawUevent> fixture, UidAttributes uid, int rounds) {
        UeventCounters counters = new UeventCounters();
        DatagramDecoder decoder = new DatagramDecoder(counters);
        UeventCoalescer coalescer = new UeventCoalescer(DevnodeFilter.defaults(), uid, counters);
        List<Uevent> turn = new ArrayList<>(fixture.size());
        long parseNanos = 0;
        long t0 = System.nanoTime();
        for (int r = 0; r < rounds; r++) {
            long p0 = System.nanoTime();
            for (RawUevent raw : fixture) {
                Uevent ev = decoder.decode(raw);
                if (ev != null) turn.add(ev);
            }
            parseNanos += System.nanoTime() - p0;
            coalescer.coalesce(turn); // one loop turn = the whole capture
            turn.clear();
        }
        long total = System.nanoTime() - t0;
        long n = (long) rounds * fixture.size();
        assertEquals(n, counters.snapshot().parsed());
        System.out.printf("uevent benchmark %-8s %,d datagrams: parse %,.0f uevents/s, parse+filter/merge %,.0f uevents/s%n",
                label, n, n / (parseNanos / 1e9), n / (total / 1e9));
    }
}
