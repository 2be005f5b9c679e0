package io.mpathvx.checkers;

import io.mpathvx.core.kernel.ReadyWatch;
import io.mpathvx.core.loop.FdPoller;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Linux AIO contexts shared by many directio checkers, like multipath-tools: one io context per group of up to
 * {@code groupSize} (1024) paths, because io_destroy is slow (an RCU grace period). All contexts signal one eventfd,
 * watched on the event loop through {@link FdPoller}; on readiness the pool reads the eventfd and reaps completions
 * with a non-blocking io_getevents. No thread, no polling.
 *
 * <p>A request whose path went away (or whose check timed out and could not be cancelled) is an orphan: its buffer and
 * iocb stay allocated until its completion arrives, then they are freed. A group's context is destroyed only once it
 * has no paths and no requests in flight, on a worker. Use on the loop only.
 *
 * <p>If the loop's epoll refuses the eventfd, no completion would ever be seen: that is logged once, and from then on
 * {@link #join()} and {@link #submit} fail, so checks answer DOWN with the reason instead of timing out silently.
 */
final class AioContextPool {
    static final int DEFAULT_GROUP_SIZE = 1024;
    private static final System.Logger LOG = System.getLogger(AioContextPool.class.getName());

    private final AioPort port;
    private final Context loop;
    private final int groupSize;
    private final List<Group> groups = new ArrayList<>();
    private final Map<Long, Request> inFlight = new HashMap<>();
    private final long[] data = new long[128];
    private final long[] res = new long[128];
    private long nextId = 1;
    private int eventFd = -1;
    private ReadyWatch watch;
    private Throwable unwatchable;
    private int contexts;
    private int orphans;
    private boolean closed;
    private final PendingWork destroys = new PendingWork();

    AioContextPool(AioPort port, Context loop, int groupSize) {
        if (groupSize < 1) throw new IllegalArgumentException("groupSize must be positive: " + groupSize);
        this.port = port;
        this.loop = loop;
        this.groupSize = groupSize;
    }

    /** A group (io context) for one more path; creates a context when every group is full. */
    Group join() {
        if (closed) throw new IllegalStateException("AIO pool closed");
        checkWatched();
        for (Group g : groups) {
            if (g.members + g.orphans < groupSize) {
                g.members++;
                return g;
            }
        }
        ensureEventFd();
        Group g = new Group(port.setup(groupSize));
        contexts++;
        groups.add(g);
        g.members++;
        return g;
    }

    /** The path is gone from its group (its request, if any, was orphaned first). */
    void leave(Group g) {
        g.members--;
        maybeDestroy(g);
    }

    /** Submits a read; {@code onDone} gets bytes read or -errno on the loop. Throws NativeException on failure. */
    Request submit(Group g, AioPort.AioBuffer buffer, int fd, LongConsumer onDone) {
        checkWatched();
        long id = nextId++;
        int rc = port.submitRead(g.ctx, buffer, fd, id, eventFd);
        if (rc < 0) throw new NativeException("io_submit", -rc);
        Request r = new Request(id, g, buffer, onDone);
        inFlight.put(id, r);
        g.inFlight++;
        return r;
    }

    /**
     * Tries io_cancel. True: the request is finished and no completion will come (its buffer is free again). False:
     * the kernel still owns it (EINPROGRESS, EAGAIN, EINVAL): its completion will arrive later.
     */
    boolean cancel(Request r) {
        if (!inFlight.containsKey(r.id)) return true;
        if (port.cancel(r.group.ctx, r.buffer) != 0) return false;
        finish(r);
        return true;
    }

    /** The request's owner is gone: free its buffer when the completion arrives, without waiting for it now. */
    void orphan(Request r) {
        if (!inFlight.containsKey(r.id)) {
            port.free(r.buffer);
            return;
        }
        r.onDone = null;
        r.group.orphans++;
        orphans++;
    }

    /** How many io contexts exist (including ones being destroyed). */
    int contextCount() {
        return contexts;
    }

    int orphanCount() {
        return orphans;
    }

    int inFlightCount() {
        return inFlight.size();
    }

    private void ensureEventFd() {
        if (eventFd >= 0) return;
        eventFd = port.eventFd();
        watch = FdPoller.watch(loop, eventFd, this::onReadable);
        watch.started().onFailure(this::unwatchable);
    }

    private void unwatchable(Throwable cause) {
        unwatchable = cause;
        LOG.log(System.Logger.Level.ERROR, "AIO eventfd cannot be watched; directio checks cannot complete: " + cause, cause);
    }

    private void checkWatched() {
        Throwable t = unwatchable;
        if (t != null) throw new IllegalStateException("AIO eventfd cannot be watched: " + t.getMessage(), t);
    }

    private void onReadable() {
        port.drainEventFd(eventFd);
        for (Group g : new ArrayList<>(groups)) {
            if (g.dead || g.inFlight == 0) continue;
            int n;
            do {
                n = port.getEvents(g.ctx, data, res);
                for (int i = 0; i < n; i++) complete(data[i], res[i]);
            } while (n == data.length && !g.dead);
        }
        if (watch != null && !closed) watch.resume();
    }

    private void complete(long id, long result) {
        Request r = inFlight.get(id);
        if (r == null) return;
        LongConsumer done = r.onDone;
        finish(r);
        if (done != null) {
            done.accept(result);
        } else {
            port.free(r.buffer);
            r.group.orphans--;
            orphans--;
        }
        maybeDestroy(r.group);
    }

    private void finish(Request r) {
        inFlight.remove(r.id);
        r.group.inFlight--;
    }

    private void maybeDestroy(Group g) {
        if (g.dead || g.members > 0 || g.inFlight > 0) return;
        g.dead = true;
        groups.remove(g);
        destroys.track(loop.executeBlocking(() -> {
            port.destroy(g.ctx);
            return null;
        }, false)).onComplete(ar -> contexts--);
    }

    /**
     * Destroys every context on a worker (io_destroy waits for requests still in flight) and frees orphans; completes
     * once that and the destroys already running are done.
     */
    Future<Void> close() {
        if (closed) return destroys.drained();
        closed = true;
        if (watch != null) watch.close();
        List<Group> all = new ArrayList<>(groups);
        groups.clear();
        List<Request> left = new ArrayList<>(inFlight.values());
        inFlight.clear();
        int fd = eventFd;
        eventFd = -1;
        if (all.isEmpty()) {
            // nothing in the kernel to wait for: closing an eventfd does not block
            if (fd >= 0) port.closeFd(fd);
            return destroys.drained();
        }
        destroys.track(loop.executeBlocking(() -> {
            for (Group g : all) port.destroy(g.ctx);
            for (Request r : left) if (r.onDone == null) port.free(r.buffer);
            if (fd >= 0) port.closeFd(fd);
            return null;
        }, false)).onComplete(ar -> contexts -= all.size());
        return destroys.drained();
    }

    static final class Group {
        final long ctx;
        int members;
        int orphans;
        int inFlight;
        boolean dead;

        Group(long ctx) {
            this.ctx = ctx;
        }
    }

    static final class Request {
        final long id;
        final Group group;
        final AioPort.AioBuffer buffer;
        LongConsumer onDone;

        Request(long id, Group group, AioPort.AioBuffer buffer, LongConsumer onDone) {
            this.id = id;
            this.group = group;
            this.buffer = buffer;
            this.onDone = onDone;
        }
    }
}
