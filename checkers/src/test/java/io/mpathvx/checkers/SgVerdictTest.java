package io.mpathvx.checkers;

import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.testkit.Fuzz;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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

    /**
     * Random SG_IO outcomes against the rules of tur.c the verdict implements. Half the outcomes are consistent
     * with the sg driver (SG_INFO_CHECK set exactly when status, host or driver status report something), the
     * others are arbitrary and only have to map without throwing to a verdict that keeps the general invariants.
     */
    @Test
    void randomOutcomesKeepTheVerdictInvariants() {
        Fuzz fuzz = Fuzz.of(42, 20_000);
        fuzz.verify(r -> {
            int consistentUp = 0;
            int hostErrors = 0;
            for (int i = 0; i < fuzz.iterations(); i++) {
                byte[] sense = new byte[r.nextInt(40)];
                r.nextBytes(sense);
                int errno = r.nextInt(4) == 0 ? r.nextInt(200) : 0;
                int status = r.nextInt(3) == 0 ? 0 : r.nextInt(256);
                int host = r.nextInt(3) == 0 ? 0 : r.nextInt(0x20);
                int driver = r.nextInt(3) == 0 ? 0 : r.nextInt(0x30);
                boolean consistent = r.nextBoolean();
                int info = consistent ? sgInfo(status, host, driver) : r.nextInt(4);
                SgOutcome o = new SgOutcome(errno, status, host, driver, info, sense);
                for (boolean tur : new boolean[]{true, false}) {
                    SgVerdict v = tur ? SgVerdict.tur(o) : SgVerdict.readsector0(o);
                    String why = (tur ? "tur" : "readsector0") + " " + describe(o) + " -> " + v;
                    assertGeneralInvariants(o, v, tur, why);
                    if (!consistent || errno != 0) continue;
                    if ((status & 0x7e) == 0 && host == 0 && driver == 0) {
                        assertEquals(PathState.UP, v.state(), "GOOD, no host/driver error is up: " + why);
                        assertFalse(v.retry(), why);
                        consistentUp++;
                    }
                    if (host != 0) {
                        hostErrors++;
                        boolean conflict = tur && (status & 0x7e) == 0x18;
                        if (!conflict) assertNotEquals(PathState.UP, v.state(), "a host error is not up: " + why);
                    }
                }
            }
            // both sides of the implications must be reached, or the properties prove nothing
            assertTrue(consistentUp > fuzz.iterations() / 200, "GOOD outcomes generated: " + consistentUp);
            assertTrue(hostErrors > fuzz.iterations() / 10, "host errors generated: " + hostErrors);
        });
    }

    /** What the sg driver reports in info: SG_INFO_CHECK when status (masked), host or driver status is set. */
    private static int sgInfo(int status, int host, int driver) {
        return (status & 0x7e) != 0 || host != 0 || driver != 0 ? 1 : 0;
    }

    private static void assertGeneralInvariants(SgOutcome o, SgVerdict v, boolean tur, String why) {
        assertNotNull(v.state(), why);
        assertTrue(v.message().startsWith(tur ? "tur checker" : "readsector0 checker"), why);
        if (v.retry()) assertEquals(PathState.DOWN, v.state(), "a retry is down when retries run out: " + why);
        if (o.errno() != 0) {
            PathState expected = o.errno() == Errno.ENOTTY.number() ? PathState.WILD : PathState.DOWN;
            assertEquals(expected, v.state(), "a failed ioctl: " + why);
            assertFalse(v.retry(), why);
        } else {
            assertNotEquals(PathState.WILD, v.state(), "WILD only for ENOTTY: " + why);
        }
        if (v.state() == PathState.GHOST || v.state() == PathState.PENDING) {
            int[] kaq = SgVerdict.senseKey(o.sense());
            assertTrue(tur, "only tur reads ALUA states: " + why);
            assertEquals(0x2, kaq[0], "NOT READY: " + why);
            assertEquals(0x04, kaq[1], why);
            assertEquals(v.state() == PathState.GHOST ? 0x0b : 0x0a, kaq[2], why);
        }
        if (o.errno() == 0 && (o.info() & 1) == 0 && !(tur && (o.status() & 0x7e) == 0x18)) {
            assertEquals(PathState.UP, v.state(), "sg reported nothing to check: " + why);
        }
    }

    private static String describe(SgOutcome o) {
        return String.format("errno %d status 0x%02x host 0x%02x driver 0x%02x info %d sense %s", o.errno(), o.status(),
                o.hostStatus(), o.driverStatus(), o.info(), java.util.HexFormat.of().formatHex(o.sense()));
    }
}
