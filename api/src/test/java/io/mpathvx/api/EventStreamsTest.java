package io.mpathvx.api;

import io.mpathvx.core.testkit.BlockedThreadGuard;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event ring and its SSE streams without a daemon: resume, reset, slow clients. */
@ExtendWith(BlockedThreadGuard.class)
class EventStreamsTest {
    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() {
        vertx.close().await();
    }

    private int serve(EventStreams streams, int sendBuffer) {
        Router r = Router.router(vertx);
        streams.mount(r);
        HttpServerOptions options = new HttpServerOptions();
        if (sendBuffer > 0) options.setSendBufferSize(sendBuffer);
        HttpServer s = vertx.createHttpServer(options).requestHandler(r)
                .listen(0, "127.0.0.1").await();
        return s.actualPort();
    }

    @Test
    void theRingKeepsTheLastEventsAndTellsAReaderItMissedSome() {
        EventJournal j = new EventJournal(4);
        for (int i = 0; i < 10; i++) j.add("path_up", "checker", "m", "sd" + i, "");
        assertEquals(10, j.lastId());
        assertEquals(7, j.firstKept());
        assertEquals(List.of(8L, 9L, 10L), j.after(7, 100).stream().map(EventJournal.Event::id).toList());
        assertEquals(List.of(7L, 8L), j.after(6, 2).stream().map(EventJournal.Event::id).toList());
        assertNull(j.after(5, 100), "event 6 is gone");
        assertEquals(List.of(), j.after(10, 100));
    }

    @Test
    void aClientOlderThanTheRingGetsResetThenTheKeptEvents() throws Exception {
        EventJournal j = new EventJournal(4);
        for (int i = 0; i < 10; i++) j.add("path_up", "checker", "m", "sd" + i, "");
        int port = serve(new EventStreams(vertx, j), 0);
        try (SseClient c = new SseClient(new InetSocketAddress("127.0.0.1", port), "2")) {
            await().atMost(Duration.ofSeconds(20)).until(() -> c.events.size() >= 5);
            assertEquals("reset", c.events.get(0).type());
            assertEquals(List.of(7L, 8L, 9L, 10L), c.events.subList(1, 5).stream().map(SseClient.Event::id).toList());
        }
    }

    /**
     * 100 clients that never read, one that does, and a "daemon loop" appending 4,000 events of 256 bytes in turns of
     * 256: the slow ones are dropped, the reader gets every event in order, and the appending loop's lag is printed.
     */
    @Test
    @org.junit.jupiter.api.Tag("benchmark") // 101 connections and a timed loop: too heavy for every build on a shared host
    void slowClientsAreDroppedAndNeitherDelayTheLoopNorTheOtherReaders() throws Exception {
        EventJournal j = new EventJournal(8192);
        EventStreams streams = new EventStreams(vertx, j, 2000);
        int port = serve(streams, 4096);
        List<java.nio.channels.SocketChannel> slow = new ArrayList<>();
        try (SseClient fast = new SseClient(new InetSocketAddress("127.0.0.1", port), null)) {
            for (int i = 0; i < 100; i++) {
                var ch = java.nio.channels.SocketChannel.open();
                ch.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
                ch.connect(new InetSocketAddress("127.0.0.1", port));
                ch.write(java.nio.ByteBuffer.wrap("GET /v1/events HTTP/1.1\r\nHost: x\r\n\r\n".getBytes()));
                slow.add(ch);
            }
            await().atMost(Duration.ofSeconds(20)).until(() -> fast.status == 200);
            Context daemonLoop = vertx.getOrCreateContext();
            String detail = "x".repeat(256);
            long[] maxLagMs = {0};
            Promise<Void> appended = Promise.promise();
            daemonLoop.runOnContext(v -> appendTurns(daemonLoop, j, detail, 0, 4000, System.nanoTime(), maxLagMs, appended));
            appended.future().await();
            await().atMost(Duration.ofSeconds(60)).until(() -> fast.events.size() == 4000);
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.dropped() >= 100);
            assertEquals(100, streams.dropped(), "the reading client is not dropped");
            for (int i = 0; i < 4000; i++) assertEquals(i + 1, fast.events.get(i).id());
            System.out.println("EventStreams: 100 slow clients dropped; appending loop's max turn delay " + maxLagMs[0] + " ms");
            assertTrue(maxLagMs[0] >= 0);
        } finally {
            for (var ch : slow) ch.close();
        }
    }

    /** 256 appends a turn; each turn notes how late it ran after it was queued. */
    private static void appendTurns(Context loop, EventJournal j, String detail, int done, int total, long queuedAt,
                                    long[] maxLagMs, Promise<Void> finished) {
        maxLagMs[0] = Math.max(maxLagMs[0], (System.nanoTime() - queuedAt) / 1_000_000);
        int to = Math.min(total, done + 256);
        for (int i = done; i < to; i++) j.add("path_down", "checker", "m", "sd" + i, detail);
        if (to == total) {
            finished.complete();
            return;
        }
        long next = System.nanoTime();
        loop.runOnContext(v -> appendTurns(loop, j, detail, to, total, next, maxLagMs, finished));
    }
}
