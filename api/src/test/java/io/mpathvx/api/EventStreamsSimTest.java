package io.mpathvx.api;

import io.mpathvx.core.sim.DiskState;
import io.mpathvx.core.testkit.BlockedThreadGuard;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.UnixDomainSocketAddress;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /v1/events} of a running daemon on the simulated kernel. */
@ExtendWith(BlockedThreadGuard.class)
class EventStreamsSimTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private AdminFixture f;
    private String victim;

    @BeforeEach
    void start() throws Exception {
        f = new AdminFixture();
        f.awaitPathsInMaps(4, WAIT);
        victim = f.sim.paths().stream().filter(p -> p.wwid().equals(AdminFixture.W1)).findFirst().orElseThrow().name();
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private SseClient connect(String lastEventId) throws Exception {
        return new SseClient(UnixDomainSocketAddress.of(f.socket), lastEventId);
    }

    private static int indexOf(List<SseClient.Event> es, String type, String path) {
        for (int i = 0; i < es.size(); i++) {
            SseClient.Event e = es.get(i);
            if (e.type().equals(type) && path.equals(new JsonObject(e.data()).getString("path"))) return i;
        }
        return -1;
    }

    private void failVictim() {
        f.sim.setPathState(victim, DiskState.OFFLINE);
        await().atMost(WAIT).until(() -> f.daemon.snapshot().path(victim).map(p -> p.kernelState().equals("FAILED")).orElse(false));
    }

    private void reinstateVictim() {
        f.sim.setPathState(victim, DiskState.RUNNING);
        await().atMost(WAIT).until(() -> f.daemon.snapshot().path(victim).map(p -> p.kernelState().equals("ACTIVE")
                && p.checkerState().equals("UP")).orElse(false));
    }

    @Test
    void aPathFailureAndItsReinstatementArriveInOrderWithMonotonicIds() throws Exception {
        try (SseClient c = connect(null)) {
            await().atMost(WAIT).until(() -> c.status == 200);
            failVictim();
            reinstateVictim();
            await().atMost(WAIT).until(() -> indexOf(c.events, "path_reinstated", victim) >= 0 && indexOf(c.events, "path_up", victim) >= 0);
            List<SseClient.Event> es = List.copyOf(c.events);
            assertTrue(indexOf(es, "path_down", victim) >= 0, es.toString());
            assertTrue(indexOf(es, "path_down", victim) < indexOf(es, "path_up", victim), es.toString());
            assertTrue(indexOf(es, "path_failed", victim) < indexOf(es, "path_reinstated", victim), es.toString());
            for (int i = 1; i < es.size(); i++) assertEquals(es.get(i - 1).id() + 1, es.get(i).id(), es.toString());
            JsonObject down = new JsonObject(es.get(indexOf(es, "path_down", victim)).data());
            assertEquals("checker", down.getString("cause"));
            assertEquals(f.daemon.snapshot().map(AdminFixture.W1).orElseThrow().name(), down.getString("map"));
        }
    }

    @Test
    void aReconnectWithLastEventIdMissesNothing() throws Exception {
        long lastSeen;
        try (SseClient c = connect(null)) {
            await().atMost(WAIT).until(() -> c.status == 200);
            failVictim();
            await().atMost(WAIT).until(() -> indexOf(c.events, "path_failed", victim) >= 0);
            lastSeen = c.events.get(indexOf(c.events, "path_failed", victim)).id();
        }
        reinstateVictim(); // while nobody listens
        long now = f.daemon.snapshot().journal().lastId();
        try (SseClient c = connect(Long.toString(lastSeen))) {
            await().atMost(WAIT).until(() -> !c.events.isEmpty() && c.events.get(c.events.size() - 1).id() >= now);
            List<SseClient.Event> es = List.copyOf(c.events);
            assertEquals(lastSeen + 1, es.get(0).id(), es.toString());
            for (int i = 1; i < es.size(); i++) assertEquals(es.get(i - 1).id() + 1, es.get(i).id(), es.toString());
            assertTrue(indexOf(es, "path_reinstated", victim) >= 0, es.toString());
        }
        assertEquals(400, f.http("GET", "/v1/events?lastEventId=abc", null).status());
    }
}
