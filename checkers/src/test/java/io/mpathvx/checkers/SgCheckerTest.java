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

class SgCheckerTest {
    private final LoopSupport loop = new LoopSupport();
    private final ManualTimer timer = new ManualTimer();
    private final FakeSg sg = new FakeSg();
    private SgWorkers workers;

    @AfterEach
    void stop() {
        if (sg.closeGate != null) sg.closeGate.countDown();
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
    void closingCompletesOnlyOnceEveryDeviceFdIsClosed() {
        SgChecker tur = checker(SgChecker.Command.TUR, 2);
        check(tur, "sda");
        check(tur, "sdb");
        sg.closeGate = new java.util.concurrent.CountDownLatch(1);
        Future<Void> closed = loop.onLoop(tur::close);
        loop.run(() -> { });
        assertFalse(closed.isComplete(), "closed while the fd closes still wait on their worker");
        sg.closeGate.countDown();
        LoopSupport.await(closed);
        assertEquals(2, sg.closed.size());
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

    // rdac, emc_clariion and hp_sw against simulated SCSI answers (byte layouts of multipath-tools 0.14.3's
    // checkers/rdac.c struct volume_access_inq, emc_clariion.c's unit report page 0xC0, hp_sw.c)

    /** VPD page 0xC9: "vac1", avtcvp (byte 8), preferred path priority (9), current/alternate port group state. */
    private static SgAnswer c9(int avtcvp, int aasCur, int aasAlt) {
        byte[] b = new byte[48];
        b[1] = (byte) 0xc9;
        b[3] = 0x2c;
        b[4] = 'v';
        b[5] = 'a';
        b[6] = 'c';
        b[7] = '1';
        b[8] = (byte) avtcvp;
        b[9] = 1;
        b[10] = (byte) aasCur;
        b[12] = (byte) aasAlt;
        return new SgAnswer(SgOutcome.good(), b);
    }

    @Test
    void rdacOwnerIsUpNonOwnerIsGhostUnavailableIsDown() {
        SgChecker rdac = checker(SgChecker.Command.RDAC, 2);
        assertEquals("rdac", rdac.name());
        sg.page("/dev/sda", 0xc9, c9(0x11, 0x0, 0x1));          // owner, TPG data valid, optimized
        assertEquals(PathState.UP, check(rdac, "sda").state());
        sg.page("/dev/sda", 0xc9, c9(0x10, 0x1, 0x0));          // not the owner
        assertEquals(PathState.GHOST, check(rdac, "sda").state());
        sg.page("/dev/sda", 0xc9, c9(0x30, 0x1, 0x0));          // not the owner, but I/O shipping
        assertEquals(PathState.UP, check(rdac, "sda").state());
        sg.page("/dev/sda", 0xc9, c9(0x11, 0x3, 0x0));          // port group unavailable
        assertEquals(PathState.DOWN, check(rdac, "sda").state());
        sg.page("/dev/sda", 0xc9, c9(0x11, 0xf, 0x0));          // this controller alone transitioning: booting
        assertEquals(PathState.DOWN, check(rdac, "sda").state());
        sg.page("/dev/sda", 0xc9, c9(0x11, 0xf, 0xf));          // both transitioning: a mode select, still usable
        assertEquals(PathState.UP, check(rdac, "sda").state());
        SgAnswer notConnected = c9(0x11, 0, 0);
        notConnected.data()[0] = 0x20;                            // peripheral qualifier 001: LUN not connected
        sg.page("/dev/sda", 0xc9, notConnected);
        CheckResult down = check(rdac, "sda");
        assertEquals(PathState.DOWN, down.state());
        assertTrue(down.message().contains("lun not connected"), down.message());
        sg.page("/dev/sda", 0xc9, new SgAnswer(SgOutcome.checkCondition(5, 0x24, 0), null));
        assertEquals(PathState.WILD, check(rdac, "sda").state());        // not an RDAC array
        sg.page("/dev/sda", 0xc9, new SgAnswer(SgOutcome.checkCondition(4, 0x44, 0), null));
        assertEquals(PathState.DOWN, check(rdac, "sda").state());        // hardware error
    }

    /** Unit report page 0xC0: byte 4 LUN state (2 active), 10..25 the LUN WWN, 27 initiator type, 28 failover mode. */
    private static SgAnswer c0(int lunState, int wwnByte, int failoverMode, int lunOps) {
        byte[] b = new byte[128];
        b[1] = (byte) 0xc0;
        b[4] = (byte) lunState;
        for (int i = 10; i < 26; i++) b[i] = (byte) wwnByte;
        b[27] = 0x03;
        b[28] = (byte) failoverMode;
        b[30] = 0x04;
        b[48] = (byte) lunOps;
        return new SgAnswer(SgOutcome.good(), b);
    }

    @Test
    void emcClariionChecksConfigurationWwnAndReadsOnActivePaths() {
        SgChecker emc = checker(SgChecker.Command.EMC_CLARIION, 2);
        sg.page("/dev/sda", 0xc0, c0(1, 0x60, 0x04, 0));          // passive (bound, not active), ALUA failover mode
        CheckResult passive = check(emc, "sda");
        assertEquals(PathState.UP, passive.state());               // upstream: "not ghost"
        sg.page("/dev/sda", 0xc0, c0(2, 0x60, 0x04, 0));          // active: the read decides
        sg.script("/dev/sda", SgOutcome.checkCondition(5, 0x25, 0x01));
        assertEquals(PathState.DOWN, check(emc, "sda").state());          // inactive snapshot: the read fails
        sg.script("/dev/sda", SgOutcome.good());
        assertEquals(PathState.UP, check(emc, "sda").state());
        sg.page("/dev/sda", 0xc0, c0(2, 0x61, 0x04, 0));          // the path now shows another LUN
        CheckResult changed = check(emc, "sda");
        assertEquals(PathState.DOWN, changed.state());
        assertTrue(changed.message().contains("WWN has changed"), changed.message());
        SgChecker fresh = new SgChecker(SgChecker.Command.EMC_CLARIION, sg, workers, loop.loop, timer);
        sg.page("/dev/sda", 0xc0, c0(1, 0x60, 0x02, 0));          // failover mode 2: not configured for multipathing
        assertEquals(PathState.DOWN, check(fresh, "sda").state());
        sg.page("/dev/sda", 0xc0, c0(1, 0x60, 0x04, 1));          // LUN operations not normal
        assertEquals(PathState.SHAKY, check(fresh, "sda").state());
        sg.page("/dev/sda", 0xc0, c0(0, 0x60, 0x04, 0));          // LUNZ / unbound
        assertEquals(PathState.DOWN, check(fresh, "sda").state());
    }

    @Test
    void hpSwIsGhostWhenTheUnitIsNotReady() {
        SgChecker hp = checker(SgChecker.Command.HP_SW, 2);
        byte[] p80 = new byte[]{0, (byte) 0x80, 0, 4, 'S', 'N', '0', '1'};
        sg.page("/dev/sda", 0x80, new SgAnswer(SgOutcome.good(), p80));
        assertEquals(PathState.UP, check(hp, "sda").state());
        sg.script("/dev/sda", SgOutcome.checkCondition(2, 4, 2));    // passive HSG80 port: not ready
        assertEquals(PathState.GHOST, check(hp, "sda").state());
        sg.page("/dev/sda", 0x80, new SgAnswer(SgOutcome.failedIoctl(5), null));
        assertEquals(PathState.DOWN, check(hp, "sda").state());
    }
}
