package io.mpathvx.checkers;

import io.mpathvx.core.model.CheckResult;
import io.vertx.core.Future;

/**
 * A path checker (multipathd's "checker"): asks a device whether it can do I/O.
 *
 * <p>Threading contract: {@link #check} and {@link #forget} are called on the event loop the checker was created
 * for; the returned future completes on that loop. It never fails: device errors, timeouts and internal errors are
 * results ({@code DOWN}, {@code TIMEOUT}, ...) with a message. A result arrives at the latest shortly after the
 * target's timeout, however hung the device is.
 */
public interface PathChecker {
    /** The checker's configuration name: {@code directio}, {@code tur}, {@code readsector0}, {@code none}, ... */
    String name();

    /** Starts one check of the path. */
    Future<CheckResult> check(CheckTarget target);

    /**
     * The path is gone: release what the checker keeps for it (open fd, buffers). A check in flight completes
     * with {@code REMOVED}; its kernel request, if any, is reaped later without blocking.
     */
    void forget(String path);

    /**
     * Releases everything; called on the loop at shutdown. Completes on the loop once the fds and kernel resources the
     * checker held are released, except those of a check stuck in the kernel (released when its call returns).
     */
    default Future<Void> close() {
        return Future.succeededFuture();
    }
}
