package io.mpathvx.checkers;

import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.PathState;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DirectioCheckerTest {
    private final LoopSupport loop = new LoopSupport();
    private final ManualTimer timer = new ManualTimer();
    private final FakeAio aio = new FakeAio();
    private AioContextPool pool;
    private DirectioChecker checker;

    @AfterEach
    void stop() {
        if (aio.closeGate != null) aio.closeGate.countDown();
        loop.close();
    }

    private void start(int groupSize) {
        pool = new AioContextPool(aio, loop.loop, groupSize);
        checker = new DirectioChecker(aio, pool, loop.loop, timer);
    }

    private static CheckTarget target(String name) {
        return CheckTarget.of(name, new DevT(8, Math.abs(name.hashCode()) % 1000), Duration.ofSeconds(30));
    }

    private Future<CheckResult> start(String name) {
        return loop.onLoop(() -> checker.check(target(name)));
    }

    private CheckResult check(String name) {
        return LoopSupport.await(start(name));
    }

    @Test
    void aReadableDeviceIsUpAndAnIoErrorIsDown() {
        start(1024);
        CheckResult up = check("sda");
        assertEquals(PathState.UP, up.state());
        assertEquals("sda", up.path());
        assertEquals(1, loop.onLoop(pool::contextCount));
        aio.mode("/dev/sda", FakeAio.Mode.EIO);
        CheckResult down = check("sda");
        assertEquals(PathState.DOWN, down.state());
        assertTrue(down.message().contains("EIO"), down.message());
        assertEquals(1, aio.liveBufferCount(), "one buffer per path, reused");
    }

    @Test
    void closingCompletesOnlyOnceEveryDeviceFdIsClosed() {
        start(1024);
        check("sda");
        check("sdb");
        assertEquals(2, aio.openFdCount());
        aio.closeGate = new java.util.concurrent.CountDownLatch(1);
        Future<Void> closed = loop.onLoop(checker::close);
        loop.run(() -> { });
        assertFalse(closed.isComplete(), "closed while the fd closes still wait on their worker");
        aio.closeGate.countDown();
        LoopSupport.await(closed);
        assertEquals(0, aio.openFdCount());
    }

    @Test
    void anEventfdEpollRefusesMakesChecksDownWithTheReasonInsteadOfTimingOut() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("aio-eventfd", ".txt");
        try {
            aio.unwatchableFile = file.toString();
            start(1024);
            // the first check creates the eventfd; if its read went out before the failure was known, only the
            // timer can answer it
            Future<CheckResult> first = start("sda");
            loop.run(() -> timer.advance(30_000));
            assertTrue(LoopSupport.await(first).state() != PathState.UP);
            for (String path : List.of("sdb", "sda")) {
                CheckResult r = check(path);
                assertEquals(PathState.DOWN, r.state(), path + ": " + r.message());
                assertTrue(r.message().contains("AIO eventfd cannot be watched"), r.message());
            }
        } finally {
            java.nio.file.Files.delete(file);
        }
    }

    @Test
    void anUnopenableDeviceIsDown() {
        start(1024);
        aio.failOpen.add("/dev/sdz");
        CheckResult r = check("sdz");
        assertEquals(PathState.DOWN, r.state());
        assertTrue(r.message().contains("open"), r.message());
        aio.failOpen.clear();
        assertEquals(PathState.UP, check("sdz").state(), "the open is retried on the next check");
    }

    @Test
    void aTimedOutReadIsCancelledAndTheNextCheckWaitsForItInsteadOfSubmittingAgain() {
        start(1024);
        aio.mode("/dev/sda", FakeAio.Mode.HANG);
        Future<CheckResult> first = start("sda");
        await().until(() -> aio.hangingCount("/dev/sda") == 1);
        loop.run(() -> timer.advance(30_000));
        CheckResult r = LoopSupport.await(first);
        assertEquals(PathState.TIMEOUT, r.state());
        assertEquals(1, aio.cancels);
        assertEquals(1, loop.onLoop(pool::inFlightCount), "EINPROGRESS: the kernel still owns the read");
        Future<CheckResult> second = start("sda");
        assertEquals(1, aio.submitCount(), "no second read while the first is outstanding");
        aio.complete("/dev/sda", Long.MIN_VALUE);
        assertEquals(PathState.UP, LoopSupport.await(second).state());
        assertEquals(0, loop.onLoop(pool::inFlightCount));
    }

    @Test
    void aReadTheKernelCancelsIsFinishedAtOnce() {
        start(1024);
        aio.cancelResult = 0;
        aio.mode("/dev/sda", FakeAio.Mode.HANG);
        Future<CheckResult> first = start("sda");
        await().until(() -> aio.hangingCount("/dev/sda") == 1);
        loop.run(() -> timer.advance(30_000));
        assertEquals(PathState.TIMEOUT, LoopSupport.await(first).state());
        assertEquals(0, loop.onLoop(pool::inFlightCount));
        aio.mode("/dev/sda", FakeAio.Mode.GOOD);
        assertEquals(PathState.UP, check("sda").state());
        assertEquals(2, aio.submitCount());
    }

    @Test
    void aPathRemovedMidReadLeavesAnOrphanThatIsReapedWhenItCompletes() {
        start(1024);
        aio.mode("/dev/sda", FakeAio.Mode.HANG);
        Future<CheckResult> f = start("sda");
        await().until(() -> aio.hangingCount("/dev/sda") == 1);
        loop.run(() -> checker.forget("sda"));
        assertEquals(PathState.REMOVED, LoopSupport.await(f).state());
        assertEquals(1, loop.onLoop(pool::orphanCount));
        assertEquals(1, aio.liveBufferCount(), "the orphan's buffer stays allocated while the kernel may write it");
        assertEquals(1, loop.onLoop(pool::contextCount), "the context stays while a request is in flight");
        assertEquals(0, aio.destroyed.size());
        aio.complete("/dev/sda", Long.MIN_VALUE);
        await().until(() -> loop.onLoop(pool::orphanCount) == 0);
        assertEquals(0, aio.liveBufferCount());
        await().until(() -> loop.onLoop(pool::contextCount) == 0);
        assertEquals(1, aio.destroyed.size(), "empty group: context destroyed (on a worker)");
    }

    @Test
    void contextsAreSharedByGroupsAndDestroyedOnlyWhenTheirGroupEmpties() {
        start(4);
        List<Future<CheckResult>> fs = loop.onLoop(() -> {
            List<Future<CheckResult>> l = new ArrayList<>();
            for (int i = 0; i < 10; i++) l.add(checker.check(target("p" + i)));
            return l;
        });
        for (Future<CheckResult> f : fs) assertEquals(PathState.UP, LoopSupport.await(f).state());
        assertEquals(3, loop.onLoop(pool::contextCount));
        assertEquals(3, aio.contextCount());
        for (int i = 0; i < 3; i++) {
            int n = i;
            loop.run(() -> checker.forget("p" + n));
        }
        assertEquals(3, loop.onLoop(pool::contextCount), "first group still has a member");
        loop.run(() -> checker.forget("p3"));
        await().until(() -> loop.onLoop(pool::contextCount) == 2);
        assertEquals(1, aio.destroyed.size());
        // a new path fills a free slot in an existing group instead of making a context
        assertEquals(PathState.UP, check("q0").state());
        assertEquals(2, loop.onLoop(pool::contextCount));
    }

    @Test
    void manyChecksNeedNoMoreThreads() {
        start(1024);
        int paths = 2000;
        List<Future<CheckResult>> first = loop.onLoop(() -> {
            List<Future<CheckResult>> l = new ArrayList<>();
            for (int i = 0; i < paths; i++) l.add(checker.check(target("p" + i)));
            return l;
        });
        for (Future<CheckResult> f : first) assertEquals(PathState.UP, LoopSupport.await(f).state());
        assertEquals(2, loop.onLoop(pool::contextCount));
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        for (int round = 0; round < 5; round++) {
            List<Future<CheckResult>> fs = loop.onLoop(() -> {
                List<Future<CheckResult>> l = new ArrayList<>();
                for (int i = 0; i < paths; i++) l.add(checker.check(target("p" + i)));
                return l;
            });
            for (Future<CheckResult> f : fs) assertEquals(PathState.UP, LoopSupport.await(f).state());
        }
        int after = ManagementFactory.getThreadMXBean().getThreadCount();
        assertTrue(after <= before, "threads before " + before + ", after " + after);
        assertEquals(paths * 6, aio.submitCount());
    }
}
