package io.mpathvx.checkers;

import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.PathState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code directio} checker: reads the first logical block of the device with O_DIRECT through Linux AIO on a
 * shared context ({@link AioContextPool}). The device is opened once per path, on a worker; every check after that is
 * one io_submit on the loop and one completion through the pool's eventfd. A timed-out read is cancelled; if the kernel
 * will not cancel it, the read stays outstanding and the next check of the path waits for it instead of submitting
 * another (like multipath-tools). Use on the loop only.
 */
final class DirectioChecker implements PathChecker {
    static final String NAME = "directio";

    private final AioPort port;
    private final AioContextPool pool;
    private final Context loop;
    private final CheckTimer timer;
    private final Map<String, PathIo> paths = new HashMap<>();
    private final PendingWork opensAndCloses = new PendingWork();

    DirectioChecker(AioPort port, AioContextPool pool, Context loop, CheckTimer timer) {
        this.port = port;
        this.pool = pool;
        this.loop = loop;
        this.timer = timer;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Future<CheckResult> check(CheckTarget target) {
        PathIo p = paths.get(target.path());
        if (p == null) {
            AioContextPool.Group g;
            try {
                g = pool.join();
            } catch (RuntimeException e) {
                return Future.succeededFuture(result(target, PathState.DOWN, "cannot get an AIO context: " + e.getMessage()));
            }
            p = new PathIo(target.path(), g);
            paths.put(target.path(), p);
        }
        if (p.waiter != null) {
            return Future.succeededFuture(result(target, PathState.PENDING, "directio checker still running"));
        }
        Promise<CheckResult> promise = Promise.promise();
        PathIo path = p;
        p.waiter = new Waiter(target, promise, timer.schedule(target.timeout().toMillis(), () -> timedOut(path)));
        if (p.fd < 0) {
            open(p, target.devNode());
        } else if (p.outstanding == null) {
            submit(p);
        } // else: an earlier read is still outstanding; its completion answers this check
        return promise.future();
    }

    private void open(PathIo p, String devNode) {
        if (p.opening) return;
        p.opening = true;
        opensAndCloses.started(); // ended after the answer is handled: a forgotten path's fd is closed there
        loop.executeBlocking(() -> {
            int fd = port.openDirect(devNode);
            try {
                return new int[]{fd, port.blockSize(fd)};
            } catch (RuntimeException e) {
                port.closeFd(fd);
                throw e;
            }
        }, false).onComplete(ar -> {
            try {
                opened(p, ar);
            } finally {
                opensAndCloses.ended();
            }
        });
    }

    private void opened(PathIo p, io.vertx.core.AsyncResult<int[]> ar) {
        p.opening = false;
        if (p.forgotten) {
            if (ar.succeeded()) closeLater(ar.result()[0]);
            return;
        }
        if (ar.failed()) {
            answer(p, PathState.DOWN, "directio checker cannot open the device: " + ar.cause().getMessage());
            return;
        }
        p.fd = ar.result()[0];
        p.blockSize = ar.result()[1];
        if (p.waiter != null && p.outstanding == null) submit(p);
    }

    private void submit(PathIo p) {
        if (p.buffer != null && p.buffer.length() != p.blockSize) {
            port.free(p.buffer);
            p.buffer = null;
        }
        if (p.buffer == null) p.buffer = port.allocate(p.blockSize);
        try {
            p.outstanding = pool.submit(p.group, p.buffer, p.fd, res -> completed(p, res));
        } catch (NativeException | IllegalStateException e) {
            // Reopen next time: the fd may point at a device that went away and came back. (IllegalStateException:
            // the pool cannot see completions, so a submitted read would only ever time out.)
            closeLater(p.fd);
            p.fd = -1;
            answer(p, PathState.DOWN, "directio checker: " + e.getMessage());
        }
    }

    private void completed(PathIo p, long res) {
        p.outstanding = null;
        if (p.waiter == null) return; // a read that outlived its check: the next check submits afresh
        if (res == p.blockSize) {
            answer(p, PathState.UP, "directio checker reports path is up");
        } else if (res < 0) {
            answer(p, PathState.DOWN, "directio checker reports path is down: " + Errno.of((int) -res) + " (" + -res + ")");
        } else {
            answer(p, PathState.DOWN, "directio checker reports path is down: short read of " + res + " bytes");
        }
    }

    private void timedOut(PathIo p) {
        Waiter w = p.waiter;
        if (w == null) return;
        w.timerId = -1;
        if (p.outstanding != null && pool.cancel(p.outstanding)) p.outstanding = null;
        answer(p, PathState.TIMEOUT, "directio checker timed out after " + w.target.timeout().toMillis() + " ms");
    }

    private void answer(PathIo p, PathState state, String message) {
        Waiter w = p.waiter;
        if (w == null) return;
        p.waiter = null;
        if (w.timerId >= 0) timer.cancel(w.timerId);
        w.promise.tryComplete(result(w.target, state, message));
    }

    private static CheckResult result(CheckTarget t, PathState state, String message) {
        return new CheckResult(t.path(), t.devt(), state, message);
    }

    private void closeLater(int fd) {
        opensAndCloses.track(loop.executeBlocking(() -> {
            port.closeFd(fd);
            return null;
        }, false));
    }

    @Override
    public void forget(String path) {
        PathIo p = paths.remove(path);
        if (p == null) return;
        p.forgotten = true;
        answer(p, PathState.REMOVED, "directio checker: path removed");
        if (p.outstanding != null) {
            pool.orphan(p.outstanding); // the buffer now belongs to the orphan
        } else if (p.buffer != null) {
            port.free(p.buffer);
        }
        p.buffer = null;
        p.outstanding = null;
        if (p.fd >= 0) closeLater(p.fd);
        p.fd = -1;
        pool.leave(p.group);
    }

    int pathCount() {
        return paths.size();
    }

    /** Forgets every path; completes once the opens still running and every fd close are done. */
    @Override
    public Future<Void> close() {
        for (String p : new ArrayList<>(paths.keySet())) forget(p);
        return opensAndCloses.drained();
    }

    private static final class PathIo {
        final String name;
        final AioContextPool.Group group;
        int fd = -1;
        int blockSize;
        boolean opening;
        boolean forgotten;
        AioPort.AioBuffer buffer;
        AioContextPool.Request outstanding;
        Waiter waiter;

        PathIo(String name, AioContextPool.Group group) {
            this.name = name;
            this.group = group;
        }
    }

    private static final class Waiter {
        final CheckTarget target;
        final Promise<CheckResult> promise;
        long timerId;

        Waiter(CheckTarget target, Promise<CheckResult> promise, long timerId) {
            this.target = target;
            this.promise = promise;
            this.timerId = timerId;
        }
    }
}
