package io.mpathvx.reconciler.pathstate;

import java.time.Instant;
import java.util.List;

/**
 * What the path state machine knows about one map, for the API.
 *
 * @param map             dm name
 * @param policy          the policy in force
 * @param paths           the paths in table order
 * @param usablePaths     how many paths are UP or GHOST
 * @param bestGroup       the first group in table order with a usable path, 1-based; 0 if none
 * @param kernelGroup     the kernel's next path group, 1-based; 0 before the kernel status was read
 * @param recovery        queueing mode
 * @param recoverySince   when recovery mode was entered; null when {@code recovery} is NORMAL
 * @param recoveryIntervalsLeft polling intervals left before {@code fail_if_no_path} while RECOVERING; else 0
 * @param failbackDue     when a deferred failback is due; null if none is scheduled
 */
public record MapView(String map, MapPolicy policy, List<PathView> paths, int usablePaths, int bestGroup,
                      int kernelGroup, Recovery recovery, Instant recoverySince, long recoveryIntervalsLeft,
                      Instant failbackDue) {
    public MapView {
        paths = List.copyOf(paths);
    }

    public enum Recovery {
        /** A path is usable, or the policy does not count retries. */
        NORMAL,
        /** No usable path; I/O is queued until the retries run out. */
        RECOVERING,
        /** The retries ran out: {@code fail_if_no_path} was sent; a returning path restores queueing. */
        QUEUEING_DISABLED
    }
}
