package io.mpathvx.dm;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmEventChannel;
import io.mpathvx.core.kernel.ReadyWatch;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns dm event readiness into {@link MapEvent}s on the event loop, for all maps at once: on readiness, a worker
 * arms the channel (DM_DEV_ARM_POLL) and then lists the devices; back on the loop the event numbers are diffed
 * against the previous scan. Readiness stays paused while a scan runs, so a burst of events becomes one scan; events
 * that arrive during the scan keep the channel ready and trigger the next one after resume. No thread per map, no
 * DM_DEV_WAIT, no sleeping.
 *
 * <p>All methods and callbacks run on the watcher's context. A failed scan is reported to the error handler and
 * retried after a short timer (doubling up to {@link #MAX_RETRY_MS}); a timer, not a sleep, so the loop never blocks.
 * A channel that cannot be watched fails the start future (and is logged).
 */
public final class DmEventWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(DmEventWatcher.class.getName());
    static final long FIRST_RETRY_MS = 50;
    static final long MAX_RETRY_MS = 5_000;

    private final Context context;
    private final DmEventChannel channel;
    private final Consumer<MapEvent> listener;
    private final Consumer<Throwable> errors;
    private final Runnable unattributed;
    private volatile Map<String, DmDevice> known = Map.of(); // written on the loop, read by the (one) scan running
    private ReadyWatch watch;
    private boolean closed;
    private long scans;
    private long unattributedScans;
    private long retryMs = FIRST_RETRY_MS;

    private DmEventWatcher(Context context, DmEventChannel channel, Consumer<MapEvent> listener,
                           Consumer<Throwable> errors, Runnable unattributed) {
        this.context = context;
        this.channel = channel;
        this.listener = listener;
        this.errors = errors;
        this.unattributed = unattributed;
    }

    /**
     * Starts watching: a first scan on a worker sets the baseline (no events for maps that exist now), then the
     * channel is watched on {@code context}. The future completes on the context once the baseline is known and the
     * channel is watched; it fails when the first scan fails or the channel cannot be watched.
     *
     * @param listener gets each event on the context's thread
     * @param errors   gets scan failures on the context's thread
     */
    public static Future<DmEventWatcher> start(Context context, DmEventChannel channel, Consumer<MapEvent> listener,
                                               Consumer<Throwable> errors) {
        return start(context, channel, listener, errors, () -> {
        });
    }

    /**
     * As {@link #start(Context, DmEventChannel, Consumer, Consumer)}, plus {@code unattributed}: called on the context
     * after a scan that the channel's readiness caused but that found no map's event number, name or device changed.
     * That is what a table swap (load + resume) or a suspend/resume of an existing map looks like: the kernel raises
     * only its global event counter for those (dm_issue_global_event), so LIST_DEVICES cannot say which map it was.
     */
    public static Future<DmEventWatcher> start(Context context, DmEventChannel channel, Consumer<MapEvent> listener,
                                               Consumer<Throwable> errors, Runnable unattributed) {
        DmEventWatcher w = new DmEventWatcher(Objects.requireNonNull(context), Objects.requireNonNull(channel),
                Objects.requireNonNull(listener), Objects.requireNonNull(errors), Objects.requireNonNull(unattributed));
        return w.scanOnWorker().compose(scan -> {
            w.known = scan.devices();
            w.scans++;
            if (w.closed) return Future.succeededFuture(w);
            w.watch = channel.watch(context, w::onReady);
            // a watch epoll refused would never report a dm event: fail the start instead of running blind
            return w.watch.started().map(v -> w).onFailure(e -> {
                w.close();
                LOG.log(System.Logger.Level.ERROR, "dm event channel cannot be watched; no dm events will be seen: " + e, e);
            });
        });
    }

    /** Scans after readiness that found no map-level change (see the 5-argument start). */
    public long unattributedScans() {
        return unattributedScans;
    }

    /** The maps as of the last scan, by name. */
    public Map<String, DmDevice> devices() {
        return known;
    }

    /** Scans done so far, the baseline included (a measure of coalescing). */
    public long scans() {
        return scans;
    }

    private void onReady() {
        if (closed) return;
        scanOnWorker().onComplete(ar -> {
            if (closed) return;
            if (ar.succeeded()) {
                retryMs = FIRST_RETRY_MS;
                scans++;
                List<MapEvent> events = ar.result().events();
                known = ar.result().devices();
                for (MapEvent e : events) deliver(e);
                if (events.isEmpty()) {
                    unattributedScans++;
                    try {
                        unattributed.run();
                    } catch (RuntimeException ex) {
                        errors.accept(ex);
                    }
                }
                watch.resume();
            } else {
                errors.accept(ar.cause());
                long delay = retryMs;
                retryMs = Math.min(MAX_RETRY_MS, retryMs * 2);
                // The failed scan may have armed already, so the channel need not be ready again: scan again
                // after the delay instead of waiting for readiness (the watch stays paused until a scan succeeds).
                context.owner().setTimer(delay, t -> onReady());
            }
        });
    }

    private void deliver(MapEvent e) {
        try {
            listener.accept(e);
        } catch (RuntimeException ex) {
            errors.accept(ex);
        }
    }

    /** A scan's outcome: every map now, and what changed since the previous scan. */
    private record Scan(Map<String, DmDevice> devices, List<MapEvent> events) {
    }

    /**
     * Arm first, then list: an event after the arm makes the channel ready again, so none is lost. The diff against
     * the previous scan runs on the worker too: the loop gets only the changes, never a walk over every map. Scans
     * never overlap (readiness stays paused while one runs), so reading {@code known} here is safe.
     */
    private Future<Scan> scanOnWorker() {
        return context.executeBlocking(() -> {
            channel.arm();
            Map<String, DmDevice> now = index(channel.listDevices());
            return new Scan(now, diff(known, now));
        }, false);
    }

    private static Map<String, DmDevice> index(List<DmDevice> devices) {
        Map<String, DmDevice> m = new HashMap<>(devices.size() * 2);
        for (DmDevice d : devices) m.put(d.name(), d);
        return java.util.Collections.unmodifiableMap(m); // not Map.copyOf: a second table of every map per scan
    }

    /**
     * Events between two scans, keyed by name. A name whose device number changed was removed and recreated in
     * between: Gone then Appeared.
     */
    static List<MapEvent> diff(Map<String, DmDevice> before, Map<String, DmDevice> after) {
        List<MapEvent> out = new ArrayList<>();
        for (DmDevice old : before.values()) {
            DmDevice now = after.get(old.name());
            if (now == null || !now.devt().equals(old.devt())) out.add(new MapEvent.Gone(old.name(), old.uuid()));
        }
        for (DmDevice now : after.values()) {
            DmDevice old = before.get(now.name());
            if (old == null || !old.devt().equals(now.devt())) {
                out.add(new MapEvent.Appeared(now.name(), now.uuid(), now.eventNr()));
            } else if (old.eventNr() != now.eventNr()) {
                out.add(new MapEvent.Changed(now.name(), now.uuid(), now.eventNr()));
            }
        }
        return out;
    }

    /** Stops watching; does not close the channel (its owner does). Call on the context. */
    @Override
    public void close() {
        closed = true;
        if (watch != null) watch.close();
    }
}
