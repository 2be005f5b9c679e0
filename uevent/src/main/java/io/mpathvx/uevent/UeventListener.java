package io.mpathvx.uevent;

import io.mpathvx.core.kernel.ReadyWatch;
import io.mpathvx.core.kernel.UeventOverflowException;
import io.mpathvx.core.kernel.UeventSource;
import io.mpathvx.core.loop.FdPoller;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Ties a {@link UeventSource} to the event loop: on each readiness it drains up to {@link Options#maxPerTurn()}
 * datagrams, checks senders, parses, filters and merges them, and hands one {@link UeventBatch} to the handler —
 * so a storm of N path adds becomes one batch per loop turn. Lost events (ENOBUFS, a kernel SEQNUM gap) are
 * reported as a {@link Resync}. Bad datagrams are counted ({@link #stats()}), never thrown.
 *
 * <p>All callbacks run on the given context's event-loop thread. The source stays owned by the caller: close the
 * listener first, then the source. A source that cannot be watched fails {@link #started()} (and is logged).
 */
public final class UeventListener implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UeventListener.class.getName());

    /** Receives the listener's output on the event loop. */
    public interface Handler {
        void onBatch(UeventBatch batch);

        void onResync(Resync resync);
    }

    /**
     * @param filter          blacklist for non-dm devices
     * @param uidAttrs        which udev property holds a path's WWID in a uevent (enables add/remove merging)
     * @param maxPerTurn      datagrams drained per wake-up before yielding the loop
     * @param seqnumGapResync whether a jump in the kernel source's SEQNUM triggers a resync
     * @param discovery       path attribute cache to invalidate per device and on resync; null for none
     */
    public record Options(DevnodeFilter filter, UidAttributes uidAttrs, int maxPerTurn, boolean seqnumGapResync,
                          PathDiscovery discovery) {
        public Options {
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(uidAttrs, "uidAttrs");
            if (maxPerTurn < 1) throw new IllegalArgumentException("maxPerTurn must be positive");
        }

        public static Options defaults() {
            return new Options(DevnodeFilter.defaults(), UidAttributes.NONE, 1024, true, null);
        }

        public Options withFilter(DevnodeFilter f) {
            return new Options(f, uidAttrs, maxPerTurn, seqnumGapResync, discovery);
        }

        public Options withUidAttrs(UidAttributes u) {
            return new Options(filter, u, maxPerTurn, seqnumGapResync, discovery);
        }

        public Options withMaxPerTurn(int n) {
            return new Options(filter, uidAttrs, n, seqnumGapResync, discovery);
        }

        public Options withSeqnumGapResync(boolean on) {
            return new Options(filter, uidAttrs, maxPerTurn, on, discovery);
        }

        public Options withDiscovery(PathDiscovery d) {
            return new Options(filter, uidAttrs, maxPerTurn, seqnumGapResync, d);
        }
    }

    private final Context context;
    private final UeventSource source;
    private final Options options;
    private final Handler handler;
    private final UeventCounters counters = new UeventCounters();
    private final DatagramDecoder decoder = new DatagramDecoder(counters);
    private final UeventCoalescer coalescer;
    private volatile ReadyWatch watch;
    private volatile boolean closed;
    private final Promise<Void> started = Promise.promise();
    private long lastKernelSeqnum = -1;

    private UeventListener(Context context, UeventSource source, Options options, Handler handler) {
        this.context = context;
        this.source = source;
        this.options = options;
        this.handler = handler;
        this.coalescer = new UeventCoalescer(options.filter(), options.uidAttrs(), counters);
    }

    /**
     * Starts listening; callable from any thread.
     *
     * @throws IllegalStateException for a netlink source on a Vert.x without native epoll transport
     */
    public static UeventListener start(Context context, UeventSource source, Options options, Handler handler) {
        if (source instanceof NetlinkUeventSource && !FdPoller.supported(context)) {
            throw new IllegalStateException("the netlink socket needs Vert.x with native epoll transport "
                    + "(VertxOptions.setPreferNativeTransport(true))");
        }
        UeventListener l = new UeventListener(Objects.requireNonNull(context), Objects.requireNonNull(source),
                Objects.requireNonNull(options), Objects.requireNonNull(handler));
        l.onLoop(l::register);
        return l;
    }

    /**
     * Completes once the source is watched; fails when it cannot be, e.g. epoll refused the netlink fd. The listener
     * then reports nothing, ever: a caller must treat this failure as a failed start.
     */
    public Future<Void> started() {
        return started.future();
    }

    public UeventStats stats() {
        return counters.snapshot();
    }

    @Override
    public void close() {
        closed = true;
        onLoop(() -> {
            ReadyWatch w = watch;
            if (w != null) w.close();
        });
    }

    private void onLoop(Runnable r) {
        if (Vertx.currentContext() == context) r.run();
        else context.runOnContext(v -> r.run());
    }

    private void register() {
        if (closed) {
            started.tryFail("uevent listener closed before it started");
            return;
        }
        try {
            watch = source.watch(context, this::onReady);
        } catch (RuntimeException e) {
            failStart(e);
            return;
        }
        watch.started().onComplete(ar -> {
            if (ar.succeeded()) started.tryComplete();
            else failStart(ar.cause());
        });
    }

    private void failStart(Throwable cause) {
        closed = true;
        LOG.log(System.Logger.Level.ERROR, "uevent source cannot be watched; no uevents will be seen: " + cause, cause);
        started.tryFail(cause);
    }

    private void onReady() {
        if (closed) return;
        List<Uevent> events = new ArrayList<>();
        Resync resync = null;
        try {
            source.drain(raw -> {
                Uevent ev = decoder.decode(raw);
                if (ev != null) events.add(ev);
            }, options.maxPerTurn());
        } catch (UeventOverflowException e) {
            resync = new Resync(Resync.Reason.OVERFLOW, e.getMessage());
        } catch (RuntimeException e) {
            // a broken socket would be ready again at once: stop rather than spin the loop
            resync = new Resync(Resync.Reason.SOURCE_ERROR, "listener stopped: " + e);
            closed = true;
            ReadyWatch w = watch;
            if (w != null) w.close();
        }
        try {
            Resync gap = checkSeqnums(events);
            if (resync == null) resync = gap;
            if (resync != null && resync.reason() != Resync.Reason.SEQNUM_GAP) {
                lastKernelSeqnum = -1; // events were lost unseen: the next SEQNUM is the new baseline
            }
            invalidate(events);
            UeventBatch batch = coalescer.coalesce(events);
            if (!batch.isEmpty()) {
                counters.batches.increment();
                handler.onBatch(batch);
            }
            if (resync != null) {
                counters.resyncs.increment();
                if (options.discovery() != null) options.discovery().invalidateAll();
                handler.onResync(resync);
            }
        } finally {
            ReadyWatch w = watch;
            if (w != null && !closed) w.resume();
        }
    }

    private Resync checkSeqnums(List<Uevent> events) {
        Resync gap = null;
        for (Uevent ev : events) {
            if (ev.source() != Uevent.Source.KERNEL || ev.seqnum() < 0) continue;
            if (options.seqnumGapResync() && gap == null && lastKernelSeqnum >= 0 && ev.seqnum() != lastKernelSeqnum + 1) {
                gap = new Resync(Resync.Reason.SEQNUM_GAP, "SEQNUM " + lastKernelSeqnum + " then " + ev.seqnum());
            }
            lastKernelSeqnum = ev.seqnum();
        }
        return gap;
    }

    private void invalidate(List<Uevent> events) {
        PathDiscovery d = options.discovery();
        if (d == null) return;
        for (Uevent ev : events) if (ev.isBlock() && !ev.isDm()) d.invalidate(ev.kernelName());
    }
}
