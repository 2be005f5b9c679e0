package io.mpathvx.checkers;

import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.PathState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rdac, emc_clariion and hp_sw checkers against simulated SCSI answers (byte layouts of multipath-tools 0.14.3's
 * checkers/rdac.c struct volume_access_inq, emc_clariion.c's unit report page 0xC0, hp_sw.c), run through the SG_IO
 * checker machinery on its worker pool.
 */
class VendorCheckerTest {
    private final LoopSupport loop = new LoopSupport();
    private final ManualTimer timer = new ManualTimer();
    private final FakeSg sg = new FakeSg();
    private SgWorkers workers;

    @AfterEach
    void stop() {
        if (workers != null) workers.close();
        loop.close();
    }

    private SgChecker checker(SgChecker.Command cmd) {
        if (workers == null) workers = new SgWorkers(2);
        return new SgChecker(cmd, sg, workers, loop.loop, timer);
    }

    private CheckResult check(PathChecker c) {
        return LoopSupport.await(loop.onLoop(() -> c.check(CheckTarget.of("sda", new DevT(8, 0), Duration.ofSeconds(30)))));
    }

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
        SgChecker rdac = checker(SgChecker.Command.RDAC);
        assertEquals("rdac", rdac.name());
        sg.page("/dev/sda", 0xc9, c9(0x11, 0x0, 0x1));          // owner, TPG data valid, optimized
        assertEquals(PathState.UP, check(rdac).state());
        sg.page("/dev/sda", 0xc9, c9(0x10, 0x1, 0x0));          // not the owner
        assertEquals(PathState.GHOST, check(rdac).state());
        sg.page("/dev/sda", 0xc9, c9(0x30, 0x1, 0x0));          // not the owner, but I/O shipping
        assertEquals(PathState.UP, check(rdac).state());
        sg.page("/dev/sda", 0xc9, c9(0x11, 0x3, 0x0));          // port group unavailable
        assertEquals(PathState.DOWN, check(rdac).state());
        sg.page("/dev/sda", 0xc9, c9(0x11, 0xf, 0x0));          // this controller alone transitioning: booting
        assertEquals(PathState.DOWN, check(rdac).state());
        sg.page("/dev/sda", 0xc9, c9(0x11, 0xf, 0xf));          // both transitioning: a mode select, still usable
        assertEquals(PathState.UP, check(rdac).state());
        SgAnswer notConnected = c9(0x11, 0, 0);
        notConnected.data()[0] = 0x20;                            // peripheral qualifier 001: LUN not connected
        sg.page("/dev/sda", 0xc9, notConnected);
        CheckResult down = check(rdac);
        assertEquals(PathState.DOWN, down.state());
        assertTrue(down.message().contains("lun not connected"), down.message());
        sg.page("/dev/sda", 0xc9, new SgAnswer(SgOutcome.checkCondition(5, 0x24, 0), null));
        assertEquals(PathState.WILD, check(rdac).state());        // not an RDAC array
        sg.page("/dev/sda", 0xc9, new SgAnswer(SgOutcome.checkCondition(4, 0x44, 0), null));
        assertEquals(PathState.DOWN, check(rdac).state());        // hardware error
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
        SgChecker emc = checker(SgChecker.Command.EMC_CLARIION);
        sg.page("/dev/sda", 0xc0, c0(1, 0x60, 0x04, 0));          // passive (bound, not active), ALUA failover mode
        CheckResult passive = check(emc);
        assertEquals(PathState.UP, passive.state());               // upstream: "not ghost"
        sg.page("/dev/sda", 0xc0, c0(2, 0x60, 0x04, 0));          // active: the read decides
        sg.script("/dev/sda", SgOutcome.checkCondition(5, 0x25, 0x01));
        assertEquals(PathState.DOWN, check(emc).state());          // inactive snapshot: the read fails
        sg.script("/dev/sda", SgOutcome.good());
        assertEquals(PathState.UP, check(emc).state());
        sg.page("/dev/sda", 0xc0, c0(2, 0x61, 0x04, 0));          // the path now shows another LUN
        CheckResult changed = check(emc);
        assertEquals(PathState.DOWN, changed.state());
        assertTrue(changed.message().contains("WWN has changed"), changed.message());
        SgChecker fresh = new SgChecker(SgChecker.Command.EMC_CLARIION, sg, workers, loop.loop, timer);
        sg.page("/dev/sda", 0xc0, c0(1, 0x60, 0x02, 0));          // failover mode 2: not configured for multipathing
        assertEquals(PathState.DOWN, check(fresh).state());
        sg.page("/dev/sda", 0xc0, c0(1, 0x60, 0x04, 1));          // LUN operations not normal
        assertEquals(PathState.SHAKY, check(fresh).state());
        sg.page("/dev/sda", 0xc0, c0(0, 0x60, 0x04, 0));          // LUNZ / unbound
        assertEquals(PathState.DOWN, check(fresh).state());
    }

    @Test
    void hpSwIsGhostWhenTheUnitIsNotReady() {
        SgChecker hp = checker(SgChecker.Command.HP_SW);
        byte[] p80 = new byte[]{0, (byte) 0x80, 0, 4, 'S', 'N', '0', '1'};
        sg.page("/dev/sda", 0x80, new SgAnswer(SgOutcome.good(), p80));
        assertEquals(PathState.UP, check(hp).state());
        sg.script("/dev/sda", SgOutcome.checkCondition(2, 4, 2));    // passive HSG80 port: not ready
        assertEquals(PathState.GHOST, check(hp).state());
        sg.page("/dev/sda", 0x80, new SgAnswer(SgOutcome.failedIoctl(5), null));
        assertEquals(PathState.DOWN, check(hp).state());
    }
}
