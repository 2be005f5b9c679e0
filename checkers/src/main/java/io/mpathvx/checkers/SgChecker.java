package io.mpathvx.checkers;

import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.PathState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SG_IO checkers: {@code tur} (TEST UNIT READY), {@code readsector0} (READ(10) of block 0), {@code rdac} (VPD
 * page 0xC9), {@code emc_clariion} (VPD page 0xC0, then a read on an active path) and {@code hp_sw} (VPD page 0x80 and
 * TEST UNIT READY): blocking SG_IO per
 * check on the bounded {@link SgWorkers} pool, answered on the loop. The path's fd is opened once, on a worker. A check
 * that is still queued when its timeout expires is withdrawn; one that is blocked in the kernel reports TIMEOUT, its
 * worker counts as stuck, and no further check of that path starts until the ioctl returns (each later check of it
 * reports TIMEOUT at once), so a hung device ties up at most one worker. Use on the loop only.
 */
final class SgChecker implements PathChecker {
    enum Command {
        TUR("tur"), READSECTOR0("readsector0"), RDAC("rdac"), EMC_CLARIION("emc_clariion"), HP_SW("hp_sw");

        final String checkerName;

        Command(String checkerName) {
            this.checkerName = checkerName;
        }
    }

    private final Command command;
    private final String name;
    private final SgPort port;
    private final SgWorkers workers;
    private final Context loop;
    private final CheckTimer timer;
    private final Map<String, PathSg> paths = new HashMap<>();
    private final PendingWork closes = new PendingWork();

    SgChecker(Command command, SgPort port, SgWorkers workers, Context loop, CheckTimer timer) {
        this.command = command;
        this.name = command.checkerName;
        this.port = port;
        this.workers = workers;
        this.loop = loop;
        this.timer = timer;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Future<CheckResult> check(CheckTarget target) {
        PathSg p = paths.computeIfAbsent(target.path(), PathSg::new);
        if (p.stuck) {
            return Future.succeededFuture(result(target, PathState.TIMEOUT,
                    name + " checker: previous check still hung in the kernel"));
        }
        if (p.promise != null) {
            return Future.succeededFuture(result(target, PathState.PENDING, name + " checker still running"));
        }
        Promise<CheckResult> promise = Promise.promise();
        p.promise = promise;
        p.target = target;
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, target.timeout().toMillis());
        p.timerId = timer.schedule(target.timeout().toMillis(), () -> timedOut(p));
        Attempt a = new Attempt();
        p.attempt = a;
        workers.submit(() -> {
            if (!a.state.compareAndSet(Attempt.QUEUED, Attempt.RUNNING)) return; // withdrawn on timeout
            SgVerdict v = run(p, target.devNode(), timeoutMs);
            loop.runOnContext(x -> finished(p, a, v));
        });
        return promise.future();
    }

    /** On a worker: open if needed, send the command, retry transient answers. */
    private SgVerdict run(PathSg p, String devNode, int timeoutMs) {
        try {
            if (p.fd < 0) {
                p.fd = port.open(devNode);
                p.blockSize = port.blockSize(p.fd);
            }
            SgVerdict v = switch (command) {
                case TUR, READSECTOR0 -> retried(p, timeoutMs);
                case RDAC -> VendorVerdicts.rdac(port.inquiry(p.fd, true, 0xc9, 64, timeoutMs));
                case HP_SW -> VendorVerdicts.hpSw(port.inquiry(p.fd, true, 0x80, 252, timeoutMs),
                        port.testUnitReady(p.fd, timeoutMs));
                case EMC_CLARIION -> clariion(p, timeoutMs);
            };
            return v;
        } catch (RuntimeException e) {
            return new SgVerdict(PathState.DOWN, name + " checker reports path is down: " + e.getMessage(), false);
        } finally {
            if (p.forgotten && p.fd >= 0) {
                port.close(p.fd);
                p.fd = -1;
            }
        }
    }

    private SgVerdict retried(PathSg p, int timeoutMs) {
        SgVerdict v = null;
        for (int i = 0; i < SgVerdict.TRIES; i++) {
            SgOutcome o = command == Command.TUR ? port.testUnitReady(p.fd, timeoutMs)
                    : port.readSector0(p.fd, p.blockSize, timeoutMs);
            v = command == Command.TUR ? SgVerdict.tur(o) : SgVerdict.readsector0(o);
            if (!v.retry()) break;
        }
        return v;
    }

    /** emc_clariion: the unit report page, the WWN kept per path, and a read on an active path. */
    private SgVerdict clariion(PathSg p, int timeoutMs) {
        VendorVerdicts.Clariion c = VendorVerdicts.clariion(port.inquiry(p.fd, true, 0xc0, 128, timeoutMs), p.wwn);
        if (c.wwn() != null) p.wwn = c.wwn();
        if (!c.readNeeded()) return c.verdict();
        SgVerdict read = SgVerdict.readsector0(port.readSector0(p.fd, p.blockSize, timeoutMs));
        return read.state() == PathState.DOWN
                ? new SgVerdict(PathState.DOWN, "emc_clariion checker: Active path read error: " + read.message(), false)
                : new SgVerdict(PathState.UP, "emc_clariion checker: Active path is healthy", false);
    }

    private void finished(PathSg p, Attempt a, SgVerdict v) {
        if (a.awaited) closes.ended(); // the path was forgotten while this check ran: it closed the fd
        if (p.attempt == a) p.attempt = null;
        if (a.stuck) {
            p.stuck = false;
            workers.unstuck();
            return; // the answer is stale: its check already reported TIMEOUT
        }
        answer(p, v.state(), v.message());
    }

    private void timedOut(PathSg p) {
        p.timerId = -1;
        if (p.promise == null) return;
        Attempt a = p.attempt;
        if (a != null && a.state.compareAndSet(Attempt.QUEUED, Attempt.WITHDRAWN)) {
            p.attempt = null; // never reached a worker: nothing is stuck
        } else if (a != null) {
            a.stuck = true;
            p.stuck = true;
            workers.markStuck();
        }
        answer(p, PathState.TIMEOUT, name + " checker timed out after " + p.target.timeout().toMillis() + " ms");
    }

    private void answer(PathSg p, PathState state, String message) {
        Promise<CheckResult> promise = p.promise;
        if (promise == null) return;
        p.promise = null;
        if (p.timerId >= 0) timer.cancel(p.timerId);
        p.timerId = -1;
        promise.tryComplete(result(p.target, state, message));
    }

    private static CheckResult result(CheckTarget t, PathState state, String message) {
        return new CheckResult(t.path(), t.devt(), state, message);
    }

    @Override
    public void forget(String path) {
        PathSg p = paths.remove(path);
        if (p == null) return;
        p.forgotten = true;
        if (p.promise != null) answer(p, PathState.REMOVED, name + " checker: path removed");
        if (p.attempt == null && p.fd >= 0) {
            int fd = p.fd;
            p.fd = -1;
            closes.started();
            workers.submit(() -> {
                port.close(fd);
                loop.runOnContext(v -> closes.ended());
            });
        } else if (p.attempt != null && !p.attempt.stuck) {
            p.attempt.awaited = true; // the running task closes the fd when it returns
            closes.started();
        } // a task stuck in the kernel closes it whenever its ioctl returns: not waited for
    }

    /** Forgets every path; completes once their fds are closed (those of checks stuck in the kernel excepted). */
    @Override
    public Future<Void> close() {
        for (String p : new ArrayList<>(paths.keySet())) forget(p);
        return closes.drained();
    }

    /** One check's claim on a worker: whoever moves it out of QUEUED first (worker or timeout) owns it. */
    private static final class Attempt {
        static final int QUEUED = 0;
        static final int RUNNING = 1;
        static final int WITHDRAWN = 2;
        final AtomicInteger state = new AtomicInteger(QUEUED);
        boolean stuck;
        boolean awaited; // its path was forgotten meanwhile and closing waits for it
    }

    private static final class PathSg {
        final String name;
        volatile int fd = -1;
        volatile int blockSize;
        volatile byte[] wwn;   // emc_clariion: the LUN WWN the path showed first
        volatile boolean forgotten;
        CheckTarget target;
        Promise<CheckResult> promise;
        Attempt attempt;
        long timerId = -1;
        boolean stuck;

        PathSg(String name) {
            this.name = name;
        }
    }
}
