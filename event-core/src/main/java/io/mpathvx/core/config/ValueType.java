package io.mpathvx.core.config;

import java.util.OptionalInt;
import java.util.OptionalLong;

/** Parses and checks the value of one keyword into its typed form. */
@FunctionalInterface
interface ValueType {
    Object parse(String raw) throws InvalidValue;

    /** dev_loss_tmo "infinity": the kernel's maximum (UINT_MAX). */
    long DEV_LOSS_INFINITY = 0xffffffffL;

    ValueType STRING = raw -> raw;

    ValueType NON_EMPTY = raw -> {
        if (raw.isEmpty()) throw new InvalidValue("a non-empty string");
        return raw;
    };

    ValueType NON_BLANK = raw -> {
        if (raw.isBlank()) throw new InvalidValue("a non-blank string");
        return raw;
    };

    ValueType YES_NO = raw -> switch (raw) {
        case "yes", "1" -> Boolean.TRUE;
        case "no", "0" -> Boolean.FALSE;
        default -> throw new InvalidValue("yes or no");
    };

    ValueType PATH_GROUPING_POLICY = raw -> {
        PathGroupingPolicy p = PathGroupingPolicy.parse(raw);
        if (p == null) throw new InvalidValue(
                "failover, multibus, group_by_serial, group_by_prio, group_by_node_name or group_by_tpg");
        return p;
    };

    ValueType NO_PATH_RETRY = raw -> switch (raw) {
        case "fail", "0" -> NoPathRetry.FAIL;
        case "queue" -> NoPathRetry.QUEUE;
        default -> NoPathRetry.retries(integer(raw, 1, Integer.MAX_VALUE, "fail, queue or a number >= 1"));
    };

    ValueType FAILBACK = raw -> switch (raw) {
        case "manual" -> Failback.MANUAL;
        case "immediate" -> Failback.IMMEDIATE;
        case "followover" -> Failback.FOLLOWOVER;
        default -> Failback.deferred(integer(raw, 1, Integer.MAX_VALUE,
                "manual, immediate, followover or a number of seconds >= 1"));
    };

    ValueType RR_WEIGHT = raw -> switch (raw) {
        case "uniform" -> RrWeight.UNIFORM;
        case "priorities" -> RrWeight.PRIORITIES;
        default -> throw new InvalidValue("uniform or priorities");
    };

    ValueType FIND_MULTIPATHS = raw -> switch (raw) {
        case "off", "no", "0" -> FindMultipaths.OFF;
        case "on", "yes", "1" -> FindMultipaths.ON;
        case "strict" -> FindMultipaths.STRICT;
        case "greedy" -> FindMultipaths.GREEDY;
        case "smart" -> FindMultipaths.SMART;
        default -> throw new InvalidValue("off, on, strict, greedy or smart");
    };

    // "yes"/"no" are upstream's deprecated spellings of always/unused.
    ValueType FLUSH_ON_LAST_DEL = raw -> switch (raw) {
        case "never" -> FlushOnLastDel.NEVER;
        case "always", "yes", "1" -> FlushOnLastDel.ALWAYS;
        case "unused", "no", "0" -> FlushOnLastDel.UNUSED;
        default -> throw new InvalidValue("never, always or unused");
    };

    /** fast_io_fail_tmo and eh_deadline: "off" (empty), 0 or a number of seconds. */
    ValueType OFF_OR_SECONDS = raw -> switch (raw) {
        case "off" -> OptionalInt.empty();
        default -> OptionalInt.of(integer(raw, 0, Integer.MAX_VALUE, "off or a number of seconds >= 0"));
    };

    ValueType DEV_LOSS = raw -> {
        if (raw.equals("infinity")) return OptionalLong.of(DEV_LOSS_INFINITY);
        return OptionalLong.of(unsignedLong(raw, 1, DEV_LOSS_INFINITY, "infinity or a number of seconds >= 1"));
    };

    /** A features string: a count, then that many words. */
    ValueType FEATURES = raw -> {
        String[] words = raw.trim().split("\\s+");
        int count = integer(words[0], 0, 1_000_000, "\"<count> word...\", e.g. \"1 queue_if_no_path\"");
        if (count != words.length - 1)
            throw new InvalidValue("\"<count> word...\" where count (" + count + ") equals the number of words ("
                    + (words.length - 1) + ")");
        return raw.trim();
    };

    /** marginal_pathgroups (dict.c): off/no/0, on/yes/1 → false/true; fpin is refused (no FPIN support). */
    ValueType MARGINAL_PATHGROUPS = raw -> switch (raw.trim()) {
        case "off", "no", "0" -> Boolean.FALSE;
        case "on", "yes", "1" -> Boolean.TRUE;
        case "fpin" -> throw new InvalidValue("off or on: fpin (marginal paths from Fibre Channel notifications) is "
                + "not supported by mpathvx");
        default -> throw new InvalidValue("off or on");
    };

    static ValueType range(int min, int max) {
        String expected = max == Integer.MAX_VALUE ? "a number >= " + min : "a number from " + min + " to " + max;
        return raw -> integer(raw, min, max, expected);
    }

    static ValueType oneOf(java.util.Set<String> allowed) {
        return raw -> {
            if (!allowed.contains(raw)) throw new InvalidValue("one of " + new java.util.TreeSet<>(allowed));
            return raw;
        };
    }

    static int integer(String raw, int min, int max, String expected) throws InvalidValue {
        return (int) unsignedOrSigned(raw, min, max, expected);
    }

    static long unsignedLong(String raw, long min, long max, String expected) throws InvalidValue {
        return unsignedOrSigned(raw, min, max, expected);
    }

    private static long unsignedOrSigned(String raw, long min, long max, String expected) throws InvalidValue {
        String s = raw.trim();
        int start = s.startsWith("-") || s.startsWith("+") ? 1 : 0;
        if (s.length() == start || s.length() - start > 18) throw new InvalidValue(expected);
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') throw new InvalidValue(expected);
        }
        long v = Long.parseLong(s);   // at most 18 digits and a sign: cannot overflow
        if (v < min || v > max) throw new InvalidValue(expected);
        return v;
    }
}
