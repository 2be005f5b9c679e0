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
import static org.junit.jupiter.api.Assertions.assertTrue;

class SgCheckerTest {
    private final LoopSupport loop = new LoopSupport();
    private final ManualTimer timer = new ManualTimer();
    private final FakeSg sg = new FakeSg();
    private SgWorkers workers;

    @AfterEach
    void stop() {
        sg.release("/dev/sda");
        sg.release("/dev/sdb");
        if (workers != null) workers.close();
        loop.close();
    }

    private SgChecker checker(SgChecker.Command cmd, int threads) {
        workers = new SgWorkers(threads);
        return new SgChecker(cmd, sg, workers, loop.loop, timer);
    }

    private static CheckTarget target(String name) {
        return CheckTarget.of(name, new DevT(8, name.charAt(2) - 'a'), Duration.ofSeconds(30));
    }

    private CheckResult check(PathChecker c, String name) {
        return LoopSupport.await(loop.onLoop(() -> c.check(target(name))));
    }

    @Test
    void turMapsTheDevicesAnswers() {
        SgChecker tur = checker(SgChecker.Command.TUR, 2);
        assertEquals(PathState.UP, check(tur, "sda").state());
        sg.script("/dev/sda", SgOutcome.checkCondition(2, 4, 0x0b));
        CheckResult ghost = check(tur, "sda");
        assertEquals(PathState.GHOST, ghost.state());
        assertEquals("sda", ghost.path());
        assertEquals(new DevT(8, 0), ghost.devt());
        sg.script("/dev/sda", SgOutcome.checkCondition(2, 4, 0x0a));
        assertEquals(PathState.PENDING, check(tur, "sda").state());
        sg.script("/dev/sda", new SgOutcome(0, 0x18, 0, 0, 1, new byte[0]));
        assertEquals(PathState.UP, check(tur, "sda").state());
    }

    @Test
    void unitAttentionIsRetriedAndFiveInARowIsDown() {
        SgChecker tur = checker(SgChecker.Command.TUR, 1);
        SgOutcome ua = SgOutcome.checkCondition(6, 0x29, 0);
        sg.script("/dev/sda", ua, ua, SgOutcome.good());
        assertEquals(PathState.UP, check(tur, "sda").state());
        assertEquals(3, sg.calls("/dev/sda"));
        sg.script("/dev/sda", ua);
        CheckResult r = check(tur, "sda");
        assertEquals(PathState.DOWN, r.state());
        assertEquals(3 + SgVerdict.TRIES, sg.calls("/dev/sda"));
    }

    @Test
    void anUnopenableDeviceIsDownAndTheFdIsOpenedOncePerPath() {
        SgChecker tur = checker(SgChecker.Command.TUR, 1);
        sg.failOpen = "/dev/sdb";
        CheckResult r = check(tur, "sdb");
        assertEquals(PathState.DOWN, r.state());
        assertTrue(r.message().contains("ENXIO"), r.message());
        sg.failOpen = null;
        assertEquals(PathState.UP, check(tur, "sdb").state());
        assertEquals(PathState.UP, check(tur, "sdb").state());
        loop.run(() -> tur.forget("sdb"));
        await().until(() -> sg.closed.size() == 1);
    }

    @Test
    void readsector0ReadsOneLogicalBlock() {
        SgChecker rs = checker(SgChecker.Command.READSECTOR0, 1);
        assertEquals(PathState.UP, check(rs, "sda").state());
        assertEquals(4096, sg.lastBlockSize.get("/dev/sda"));
        sg.script("/dev/sda", SgOutcome.checkCondition(3, 0x11, 0)); // medium error
        assertEquals(PathState.DOWN, check(rs, "sda").state());
    }

    @Test
    void aHungDeviceStallsOnlyItsOwnCheckAndItsWorkerIsAccountedStuck() {
        SgChecker tur = checker(SgChecker.Command.TUR, 2);
        sg.hang("/dev/sda");
        Future<CheckResult> hung = loop.onLoop(() -> tur.check(target("sda")));
        await().until(() -> sg.inKernel.get() == 1);
        // the other path is answered while sda hangs
        assertEquals(PathState.UP, check(tur, "sdb").state());
        loop.run(() -> timer.advance(30_000));
        assertEquals(PathState.TIMEOUT, LoopSupport.await(hung).state());
        assertEquals(1, workers.stuckCount());
        // further checks of the stuck path do not take a worker: TIMEOUT at once
        CheckResult again = check(tur, "sda");
        assertEquals(PathState.TIMEOUT, again.state());
        assertTrue(again.message().contains("hung"), again.message());
        assertEquals(1, sg.calls("/dev/sda"));
        assertEquals(PathState.UP, check(tur, "sdb").state());
        sg.release("/dev/sda");
        await().until(() -> loop.onLoop(workers::stuckCount) == 0);
        assertEquals(PathState.UP, check(tur, "sda").state());
    }

    @Test
    void aCheckStillQueuedAtItsTimeoutIsWithdrawnNotStuck() {
        SgChecker tur = checker(SgChecker.Command.TUR, 1);
        sg.hang("/dev/sda");
        Future<CheckResult> a = loop.onLoop(() -> tur.check(target("sda")));
        await().until(() -> sg.inKernel.get() == 1);
        Future<CheckResult> b = loop.onLoop(() -> tur.check(target("sdb")));
        loop.run(() -> timer.advance(30_000));
        assertEquals(PathState.TIMEOUT, LoopSupport.await(a).state());
        assertEquals(PathState.TIMEOUT, LoopSupport.await(b).state());
        assertEquals(1, workers.stuckCount(), "only the worker in the kernel is stuck");
        sg.release("/dev/sda");
        assertEquals(PathState.UP, check(tur, "sdb").state());
        assertEquals(1, sg.calls("/dev/sdb"), "the withdrawn check never ran");
    }

    @Test
    void threadCountDoesNotGrowWithPaths() {
        SgChecker tur = checker(SgChecker.Command.TUR, 4);
        check(tur, "sda"); // warm the Vert.x loop
        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Future<CheckResult>> fs = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            fs.addAll(loop.onLoop(() -> {
                List<Future<CheckResult>> l = new ArrayList<>();
                for (int i = 0; i < 500; i++) {
                    l.add(tur.check(CheckTarget.of("p" + i, new DevT(8, i), Duration.ofSeconds(30))));
                }
                return l;
            }));
            for (Future<CheckResult> f : fs) assertEquals(PathState.UP, LoopSupport.await(f).state());
            fs.clear();
        }
        int after = ManagementFactory.getThreadMXBean().getThreadCount();
        assertTrue(after <= before, "threads before " + before + ", after " + after);
    }
}
