package io.mpathvx.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /v1/events}: the {@link EventJournal} as Server-Sent Events ({@code id:}, {@code event:}, {@code data:}
 * JSON). A client resumes with {@code Last-Event-ID} (header, or {@code ?lastEventId=} for clients that cannot set
 * it); one whose id has left the ring gets {@code event: reset} and then the ring's events (it should re-read the
 * state). Each connection is served by a timer on the API's own event loop, never by the daemon's: the daemon only
 * appends to the journal. Backpressure: nothing more is written while a connection's write queue is full; one that
 * stays full for {@code slowAfterMs} is a slow client: it gets {@code event: dropped} with the reason and is closed,
 * so it holds neither memory nor time.
 */
final class EventStreams {
    static final long TICK_MS = 50;
    static final int BATCH = 256;
    static final long KEEPALIVE_MS = 15_000;
    static final long SLOW_AFTER_MS = 5_000;

    private final Vertx vertx;
    private final EventJournal journal;
    private final AtomicLong dropped = new AtomicLong();
    private final long slowAfterMs;

    EventStreams(Vertx vertx, EventJournal journal) {
        this(vertx, journal, SLOW_AFTER_MS);
    }

    EventStreams(Vertx vertx, EventJournal journal, long slowAfterMs) {
        this.vertx = vertx;
        this.journal = journal;
        this.slowAfterMs = slowAfterMs;
    }

    void mount(Router r) {
        r.get("/v1/events").handler(this::open);
    }

    /** Connections closed for being slow (tests, diagnostics). */
    long dropped() {
        return dropped.get();
    }

    private void open(RoutingContext rc) {
        String header = rc.request().getHeader("Last-Event-ID");
        if (header == null) header = rc.queryParams().get("lastEventId");
        long cursor;
        if (header == null || header.isBlank()) {
            cursor = journal.lastId(); // a new client: what happens from now on
        } else if (header.strip().matches("\\d{1,18}")) {
            cursor = Long.parseLong(header.strip());
        } else {
            ApiServer.error(rc, 400, "Last-Event-ID must be an event id (a number)");
            return;
        }
        HttpServerResponse resp = rc.response().setChunked(true).putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache");
        resp.write(": mpathvx events\n\n");
        new Stream(resp, cursor).start();
    }

    /** One connection: its cursor and its timer, on the connection's event loop. */
    private final class Stream {
        private final HttpServerResponse resp;
        private long cursor;
        private long timer;
        private long quietSince = System.nanoTime();
        private long fullSince; // 0: the write queue is not full

        Stream(HttpServerResponse resp, long cursor) {
            this.resp = resp;
            this.cursor = Math.min(cursor, journal.lastId());
        }

        void start() {
            timer = vertx.setPeriodic(TICK_MS, id -> tick());
            resp.closeHandler(v -> vertx.cancelTimer(timer));
            resp.exceptionHandler(e -> vertx.cancelTimer(timer));
            tick();
        }

        private void tick() {
            if (resp.closed() || resp.ended()) {
                vertx.cancelTimer(timer);
                return;
            }
            List<EventJournal.Event> due = journal.after(cursor, BATCH);
            if (due == null) { // the client's last event left the ring: start over from the oldest kept
                resp.write("event: reset\ndata: " + new JsonObject().put("reason", "events after " + cursor
                        + " are no longer kept; re-read the state").put("last_id", journal.lastId()).encode() + "\n\n");
                cursor = journal.firstKept() - 1;
                return;
            }
            if (due.isEmpty()) {
                if (System.nanoTime() - quietSince > KEEPALIVE_MS * 1_000_000) {
                    resp.write(": keepalive\n\n");
                    quietSince = System.nanoTime();
                }
                return;
            }
            if (resp.writeQueueFull()) {
                if (fullSince == 0) fullSince = System.nanoTime();
                if (System.nanoTime() - fullSince < slowAfterMs * 1_000_000) return; // let it drain
                dropped.incrementAndGet();
                vertx.cancelTimer(timer);
                resp.end("event: dropped\ndata: " + new JsonObject().put("reason", "the client reads too slowly (" + (journal.lastId()
                        - cursor) + " events behind); reconnect with Last-Event-ID " + cursor).encode() + "\n\n");
                return;
            }
            fullSince = 0;
            StringBuilder sb = new StringBuilder();
            for (EventJournal.Event e : due) {
                sb.append(e.frame());
                cursor = e.id();
            }
            resp.write(sb.toString());
            quietSince = System.nanoTime();
        }
    }
}
