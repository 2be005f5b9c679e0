package io.mpathvx.api;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The re-reads of a path whose WWID waits for udevd: their delays, their end, and what a timer does when it fires. */
class RefusedPathRecheckerTest {
    private final List<Long> delays = new ArrayList<>();
    private final List<Handler<Long>> timers = new ArrayList<>();
    private final Set<String> known = new HashSet<>(Set.of("sdb"));
    private final List<String> lookups = new ArrayList<>();

    /** Vert.x with its timers recorded instead of run: the test fires them. */
    @SuppressWarnings("unchecked")
    private final Vertx vertx = (Vertx) Proxy.newProxyInstance(Vertx.class.getClassLoader(), new Class<?>[]{Vertx.class},
            (proxy, method, args) -> {
                if (!method.getName().equals("setTimer")) throw new UnsupportedOperationException(method.getName());
                delays.add((Long) args[0]);
                timers.add((Handler<Long>) args[1]);
                return (long) timers.size();
            });
    private final RefusedPathRechecker rechecker = new RefusedPathRechecker(vertx, known::contains, lookups::add);

    @Test
    void aPathWaitingForUdevIsReadAgainWithGrowingDelaysLongerThanDiscoverysWaitThenNoMore() {
        for (int i = 0; i < RefusedPathRechecker.UDEV_RECHECKS + 3; i++) rechecker.awaitUdev("sdb");
        assertEquals(List.of(250L, 500L, 1000L, 2000L, 4000L), delays.subList(0, 5));
        assertEquals(RefusedPathRechecker.UDEV_RECHECKS, delays.size(), "one re-read per answer, up to the cap");
        long total = delays.stream().mapToLong(Long::longValue).sum();
        assertTrue(total > io.mpathvx.uevent.PathDiscovery.UDEV_WAIT.toMillis(),
                "the re-reads outlast discovery's wait, so the last one gets the fallback WWID: " + total + " ms");

        timers.get(0).handle(1L);
        assertEquals(List.of("sdb"), lookups);
        known.remove("sdb"); // removed meanwhile: a timer that fires reads nothing, and none is set
        timers.get(1).handle(2L);
        rechecker.forget("sdb");
        rechecker.awaitUdev("sdb");
        assertEquals(List.of("sdb"), lookups);
        assertEquals(RefusedPathRechecker.UDEV_RECHECKS, delays.size());
    }

    @Test
    void forgettingAPathStartsItsWaitOver() {
        for (int i = 0; i < RefusedPathRechecker.UDEV_RECHECKS; i++) rechecker.awaitUdev("sdb");
        rechecker.forget("sdb");
        rechecker.awaitUdev("sdb");
        assertEquals(250L, delays.get(delays.size() - 1));
    }
}
