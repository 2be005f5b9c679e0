package io.mpathvx.checkers;

import io.mpathvx.core.model.PathState;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SgVerdictTest {
    @Test
    void goodStatusIsUp() {
        assertEquals(PathState.UP, SgVerdict.tur(SgOutcome.good()).state());
        assertEquals(PathState.UP, SgVerdict.readsector0(SgOutcome.good()).state());
    }

    @Test
    void standbyIsGhostAndTransitioningIsPending() {
        assertEquals(PathState.GHOST, SgVerdict.tur(SgOutcome.checkCondition(2, 0x04, 0x0b)).state());
        assertEquals(PathState.PENDING, SgVerdict.tur(SgOutcome.checkCondition(2, 0x04, 0x0a)).state());
        // other NOT READY reasons are down
        SgVerdict notReady = SgVerdict.tur(SgOutcome.checkCondition(2, 0x04, 0x02));
        assertEquals(PathState.DOWN, notReady.state());
        assertFalse(notReady.retry());
    }

    @Test
    void descriptorFormatSenseIsParsedToo() {
        byte[] s = {0x72, 0x02, 0x04, 0x0b, 0, 0, 0, 0};
        assertEquals(PathState.GHOST, SgVerdict.tur(new SgOutcome(0, 2, 0, 8, 1, s)).state());
    }

    @Test
    void reservationConflictIsUpForTur() {
        SgOutcome conflict = new SgOutcome(0, 0x18, 0, 0, 1, new byte[0]);
        assertEquals(PathState.UP, SgVerdict.tur(conflict).state());
        assertEquals(PathState.DOWN, SgVerdict.readsector0(conflict).state());
    }

    @Test
    void unitAttentionAndTransientHostErrorsAreRetried() {
        SgVerdict ua = SgVerdict.tur(SgOutcome.checkCondition(6, 0x29, 0));
        assertTrue(ua.retry());
        assertEquals(PathState.DOWN, ua.state(), "if retries run out, a unit attention is down");
        SgVerdict busy = SgVerdict.tur(new SgOutcome(0, 0, 0x02 /* DID_BUS_BUSY */, 0, 1, new byte[0]));
        assertTrue(busy.retry());
        SgVerdict noConnect = SgVerdict.tur(new SgOutcome(0, 0, 0x01 /* DID_NO_CONNECT */, 0, 1, new byte[0]));
        assertFalse(noConnect.retry());
        assertEquals(PathState.DOWN, noConnect.state());
    }

    @Test
    void ioctlFailuresAreDownAndEnottyIsWild() {
        SgVerdict nxio = SgVerdict.tur(SgOutcome.failedIoctl(6));
        assertEquals(PathState.DOWN, nxio.state());
        assertTrue(nxio.message().contains("ENXIO"), nxio.message());
        assertEquals(PathState.WILD, SgVerdict.tur(SgOutcome.failedIoctl(25)).state());
    }

    @Test
    void arbitraryOutcomesNeverThrow() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            byte[] sense = new byte[r.nextInt(40)];
            r.nextBytes(sense);
            SgOutcome o = new SgOutcome(r.nextInt(4) == 0 ? r.nextInt(200) : 0, r.nextInt(256), r.nextInt(0x20),
                    r.nextInt(0x30), r.nextInt(4), sense);
            assertNotNull(SgVerdict.tur(o).state());
            assertNotNull(SgVerdict.readsector0(o).state());
        }
    }
}
