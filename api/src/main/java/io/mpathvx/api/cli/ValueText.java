package io.mpathvx.api.cli;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Value renderings print.c shares between maps and paths. */
final class ValueText {
    private static final int PROGRESS_LEN = 10;
    private static final char[] UNITS = {'K', 'M', 'G', 'T', 'P'};

    private ValueText() {
    }

    /**
     * Mirrors print.c snprint_size: sectors to KiB, then divided by 1024 (in float, as
     * upstream) until below 1024 or at P; one decimal below 10, none above.
     */
    static String size(long sectors) {
        float s = (float) (sectors >>> 1);
        int unit = 0;
        while (s >= 1024 && unit < UNITS.length - 1) {
            s = s / 1024;
            unit++;
        }
        // C's printf rounds the exact binary value half-to-even; BigDecimal(double) does too
        String number = new BigDecimal((double) s).setScale(s < 10 ? 1 : 0, RoundingMode.HALF_EVEN).toPlainString();
        return number + UNITS[unit];
    }

    /**
     * Mirrors print.c snprint_progress: a 10-character bar of X and '.' (only when total
     * is positive), then " cur/total".
     */
    static String progress(int current, int total) {
        StringBuilder text = new StringBuilder();
        if (total > 0) {
            // clamped: upstream fails the whole reply when current exceeds total
            int done = Math.max(0, Math.min(PROGRESS_LEN, PROGRESS_LEN * current / total));
            text.append("X".repeat(done)).append(".".repeat(PROGRESS_LEN - done));
        }
        return text.append(' ').append(current).append('/').append(total).toString();
    }

    /** Upstream's "first non-empty value among the map's paths, else ##" rule. */
    static String orHashes(String value) {
        return value.isEmpty() ? "##" : value;
    }
}
