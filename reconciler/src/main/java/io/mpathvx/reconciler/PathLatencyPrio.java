package io.mpathvx.reconciler;

import io.mpathvx.reconciler.desired.Priorities;

import java.time.Duration;

/**
 * multipath-tools 0.14.3's path_latency prioritizer (libmultipath/prioritizers/path_latency.c getprio): {@code io_num}
 * timed direct reads of the first block (20..200, default 100), their latencies in µs taken as log-normal with base
 * {@code base_num} (1.1..10, default 10^¼: four priority steps per factor 10), and the priority is how many base steps
 * the mean latency lies below 100 s (from 1 µs up: at most 32 with the default base). Bounded I/O on the probing
 * worker, never the loop.
 */
final class PathLatencyPrio {
    static final int MAX_IO = 200;
    private static final int MIN_IO = 20;
    private static final int DEF_IO = 100;
    private static final double MIN_BASE = 1.1;
    private static final double MAX_BASE = 10;
    private static final double DEF_BASE = 1.77827941004;
    private static final double MAX_AVG_LATENCY = 100000000.;   // µs
    private static final double MIN_AVG_LATENCY = 1.;

    private PathLatencyPrio() {
    }

    /** {@code io_num} and {@code base_num}, or the defaults when the args are not both there and valid. */
    record Args(int ioNum, double baseNum) {
        static final Args DEFAULT = new Args(DEF_IO, DEF_BASE);

        /** get_ionum_and_basenum: the first two blank-separated words, each io_num=N or base_num=X. */
        static Args parse(String args) {
            if (args == null) return DEFAULT;
            String[] w = args.strip().split("[ \t]+");
            Integer io = null;
            Double base = null;
            for (int i = 0; i < Math.min(2, w.length); i++) {
                try {
                    if (w[i].startsWith("io_num=") && w[i].length() > 7) io = (int) Long.parseLong(leadingDigits(w[i].substring(7)));
                    else if (w[i].startsWith("base_num=") && w[i].length() > 9) base = Double.parseDouble(w[i].substring(9));
                } catch (NumberFormatException e) {
                    return DEFAULT;
                }
            }
            if (io == null || base == null || io < MIN_IO || io > MAX_IO || base < MIN_BASE || base > MAX_BASE) return DEFAULT;
            return new Args(io, base);
        }

        /** strtoul stops at the first non-digit; none is a parse error. */
        private static String leadingDigits(String s) {
            int n = 0;
            while (n < s.length() && Character.isDigit(s.charAt(n))) n++;
            if (n == 0) throw new NumberFormatException(s);
            return s.substring(0, n);
        }
    }

    static int priority(String args, PrioDevice dev) {
        Args a = Args.parse(args);
        double lgBase = Math.log(a.baseNum());
        double lgMax = Math.log(MAX_AVG_LATENCY) / lgBase;
        double lgMin = Math.log(MIN_AVG_LATENCY) / lgBase;
        double total = 0;
        for (int i = 0; i < a.ioNum(); i++) {
            Duration took = dev.timedRead();
            if (took == null) return Priorities.UNDEF;   // "path down"
            long micros = took.toNanos() / 1000;
            if (micros == 0) continue;                  // avoids log(0): counts as the minimum
            total += Math.log(micros) / lgBase;
        }
        double lgAvg = total / a.ioNum();
        if (lgAvg > lgMax) return 0;
        if (lgAvg <= lgMin) return (int) (lgMax - lgMin);
        if (lgAvg >= lgMax) return 0;
        return (int) (lgMax - lgAvg);
    }
}
