package io.mpathvx.core.config;

import java.util.OptionalInt;

/**
 * The settings that apply to the multipath map of one WWID, each with its origin. Resolution
 * order: multipaths entry > overrides > matching device entries (last match first, per
 * attribute) > defaults > built-in; hardware_handler comes from device entries only and alias
 * from the multipaths entry only (null when none sets it).
 */
public record MapSettings(
        Setting<String> alias,
        Setting<PathGroupingPolicy> pathGroupingPolicy,
        Setting<String> pathSelector,
        Setting<String> features,
        Setting<String> hardwareHandler,
        Setting<NoPathRetry> noPathRetry,
        Setting<Failback> failback,
        Setting<RrWeight> rrWeight,
        Setting<Integer> rrMinIo,
        Setting<Integer> rrMinIoRq,
        Setting<String> prio,
        Setting<String> prioArgs,
        Setting<Boolean> retainAttachedHwHandler,
        Setting<Boolean> userFriendlyNames,
        Setting<String> aliasPrefix,
        Setting<FlushOnLastDel> flushOnLastDel,
        Setting<Boolean> deferredRemove) {

    /** queue_mode as given in the features string (multipath-tools has no separate keyword). */
    public Setting<QueueMode> queueMode() {
        String[] w = features.value().trim().split("\\s+");
        for (int i = 1; i + 1 < w.length; i++) {
            if (w[i].equals("queue_mode")) {
                QueueMode m = switch (w[i + 1]) {
                    case "bio" -> QueueMode.BIO;
                    case "rq" -> QueueMode.RQ;
                    case "mq" -> QueueMode.MQ;
                    default -> QueueMode.UNDEF;
                };
                return new Setting<>(m, features.origin());
            }
        }
        return new Setting<>(QueueMode.UNDEF, features.origin());
    }

    /** pg_init_retries as given in the features string; empty when it has none. */
    public Setting<OptionalInt> pgInitRetries() {
        String[] w = features.value().trim().split("\\s+");
        for (int i = 1; i + 1 < w.length; i++) {
            if (w[i].equals("pg_init_retries")) {
                try {
                    return new Setting<>(OptionalInt.of(Integer.parseInt(w[i + 1])), features.origin());
                } catch (NumberFormatException e) {
                    break;
                }
            }
        }
        return new Setting<>(OptionalInt.empty(), features.origin());
    }
}
