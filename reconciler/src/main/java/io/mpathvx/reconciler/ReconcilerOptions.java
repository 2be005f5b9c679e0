package io.mpathvx.reconciler;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Engine options.
 *
 * @param bindingsFile the user-friendly names bindings file; null keeps bindings in memory only
 * @param wwidsFile    the wwids file; null keeps the known WWIDs in memory only
 * @param retryBase    first retry delay after a failure (doubles per attempt)
 * @param retryMax     longest retry delay
 * @param forceRemove  remove stale maps even while open
 */
public record ReconcilerOptions(Path bindingsFile, Path wwidsFile, Duration retryBase, Duration retryMax,
                               boolean forceRemove) {
    public static ReconcilerOptions defaults() {
        return new ReconcilerOptions(Path.of("/etc/multipath/bindings"), Path.of("/etc/multipath/wwids"),
                Duration.ofMillis(200), Duration.ofSeconds(30), false);
    }

    /** No state files (tests, --sim). */
    public static ReconcilerOptions inMemory() {
        return new ReconcilerOptions(null, null, Duration.ofMillis(50), Duration.ofSeconds(5), false);
    }

    public ReconcilerOptions withFiles(Path bindings, Path wwids) {
        return new ReconcilerOptions(bindings, wwids, retryBase, retryMax, forceRemove);
    }

    public ReconcilerOptions withRetry(Duration base, Duration max) {
        return new ReconcilerOptions(bindingsFile, wwidsFile, base, max, forceRemove);
    }
}
