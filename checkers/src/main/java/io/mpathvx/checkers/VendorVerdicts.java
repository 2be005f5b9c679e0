package io.mpathvx.checkers;

import io.mpathvx.core.model.PathState;

import java.util.Arrays;

/**
 * The rdac, emc_clariion and hp_sw checkers' rules (multipath-tools 0.14.3 libmultipath/checkers/rdac.c,
 * emc_clariion.c, hp_sw.c: behaviour, not code), as pure functions of the device's answers.
 */
final class VendorVerdicts {
    private static final int SG_INFO_CHECK = 0x1;
    private static final int RECOVERED_ERROR = 0x1;
    private static final int ILLEGAL_REQUEST = 0x5;
    private static final int TRANSITIONING = 0xf;
    private static final int UNAVAILABLE = 0x3;

    private VendorVerdicts() {
    }

    /**
     * An INQUIRY's outcome as the checkers' do_inq sees it: UP when it succeeded or only recovered an error, WILD
     * when the device does not do it (ENOTTY, ILLEGAL REQUEST), else DOWN.
     */
    static PathState inquiry(SgOutcome o) {
        if (o.errno() != 0) return o.errno() == 25 ? PathState.WILD : PathState.DOWN;   // 25: ENOTTY
        if ((o.status() & 0x7e) == 0 && o.hostStatus() == 0 && o.driverStatus() == 0) {
            return PathState.UP;
        }
        if ((o.status() & 0x7e) == 0x02 || (o.status() & 0x7e) == 0x22 || (o.driverStatus() & 0xf) == 0x8) {
            int key = SgVerdict.senseKey(o.sense())[0];
            if (key == RECOVERED_ERROR) return PathState.UP;
            if (key == ILLEGAL_REQUEST) return PathState.WILD;
        }
        return PathState.DOWN;
    }

    /** rdac.c libcheck_check from the VPD page 0xC9 answer. */
    static SgVerdict rdac(SgAnswer a) {
        PathState inq = inquiry(a.outcome());
        if (inq == PathState.WILD) return verdict(PathState.WILD, "rdac checker: not supported by the device");
        if (inq != PathState.UP) return verdict(PathState.DOWN, "rdac checker reports path is down: inquiry failed");
        byte[] b = Arrays.copyOf(a.data(), 64);
        int pqPdt = b[0] & 0xff;
        if ((pqPdt & 0xe0) == 0x20 || (pqPdt & 0x7f) != 0) {
            return verdict(PathState.DOWN, "rdac checker reports path is down: lun not connected");
        }
        int avtcvp = b[8] & 0xff;
        if ((avtcvp & 0x10) != 0) {   // target port group data valid
            int cur = b[10] & 0x0f;
            if (cur == UNAVAILABLE) return verdict(PathState.DOWN, "rdac checker reports path is down: ctlr is unavailable");
            if (cur == TRANSITIONING && (b[12] & 0x0f) != TRANSITIONING) {
                return verdict(PathState.DOWN, "rdac checker reports path is down: ctlr is in startup sequence");
            }
        }
        if ((avtcvp & 0x1) != 0 || ((avtcvp >> 5) & 1) != 0) {
            return verdict(PathState.UP, "rdac checker reports path is up");
        }
        return verdict(PathState.GHOST, "rdac checker reports path is ghost");
    }

    /**
     * emc_clariion.c libcheck_check from the VPD page 0xC0 answer. {@code knownWwn} is the LUN WWN the path showed
     * before (null the first time); {@link Clariion#wwn} is what to remember. An active path (byte 4 = 2) needs a
     * read as well: {@link Clariion#readNeeded}.
     */
    static Clariion clariion(SgAnswer a, byte[] knownWwn) {
        PathState inq = inquiry(a.outcome());
        if (inq == PathState.WILD) return new Clariion(verdict(PathState.WILD, "emc_clariion checker: not supported"), null, false);
        if (inq != PathState.UP) {
            return new Clariion(verdict(PathState.DOWN, "emc_clariion checker: Path unit report page query failed"),
                    null, false);
        }
        byte[] b = Arrays.copyOf(a.data(), 128);
        if ((b[1] & 0xff) != 0xc0 || b[9] != 0) {
            return new Clariion(verdict(PathState.DOWN, "emc_clariion checker: Path unit report page in unknown format"),
                    null, false);
        }
        int mode = b[28] & 0x07;
        if (b[27] != 0x03 || (mode != 0x04 && mode != 0x06) || (b[30] & 0x04) != 0x04) {
            return new Clariion(verdict(PathState.DOWN, "emc_clariion checker: Path not correctly configured for failover"),
                    null, false);
        }
        if (b[48] != 0) {
            return new Clariion(verdict(PathState.SHAKY, "emc_clariion checker: Path not available for normal operations"),
                    null, false);
        }
        if (b[4] == 0) {
            return new Clariion(verdict(PathState.DOWN, "emc_clariion checker: Logical Unit is unbound or LUNZ"), null,
                    false);
        }
        byte[] wwn = Arrays.copyOfRange(b, 10, 26);
        if (knownWwn != null && !Arrays.equals(knownWwn, wwn)) {
            return new Clariion(verdict(PathState.DOWN, "emc_clariion checker: Logical Unit WWN has changed!"), knownWwn,
                    false);
        }
        boolean active = b[4] == 2;
        return new Clariion(verdict(PathState.UP, "emc_clariion checker: Passive path is healthy"), wwn, active);
    }

    /** An emc_clariion answer; {@code readNeeded}: an active path, whose read decides (a failed read is DOWN). */
    record Clariion(SgVerdict verdict, byte[] wwn, boolean readNeeded) {
    }

    /** hp_sw.c libcheck_check: VPD page 0x80 must answer; then TUR: any failure means a passive path (GHOST). */
    static SgVerdict hpSw(SgAnswer page80, SgOutcome tur) {
        PathState inq = inquiry(page80.outcome());
        if (inq == PathState.WILD) return verdict(PathState.WILD, "hp_sw checker: not supported");
        if (inq != PathState.UP) return verdict(PathState.DOWN, "hp_sw checker reports path is down");
        if (tur == null || tur.errno() != 0 || (tur.info() & SG_INFO_CHECK) != 0) {
            return verdict(PathState.GHOST, "hp_sw checker reports path is ghost");
        }
        return verdict(PathState.UP, "hp_sw checker reports path is up");
    }

    private static SgVerdict verdict(PathState s, String message) {
        return new SgVerdict(s, message, false);
    }
}
