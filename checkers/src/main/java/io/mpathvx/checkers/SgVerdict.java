package io.mpathvx.checkers;

import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.PathState;

/**
 * Maps an SG_IO outcome to a path state, with multipath-tools' tur.c rules (behaviour, not code): ioctl failure →
 * DOWN (ENOTTY: the device does not do SG_IO → WILD); RESERVATION CONFLICT → UP (SCSI-3 arrays answer TUR so);
 * no SG_INFO_CHECK → UP; a transient host status or UNIT ATTENTION → retry; NOT READY with ASC/ASCQ 04/0b (target
 * port in standby) → GHOST, 04/0a (ALUA transition) → PENDING; anything else → DOWN.
 *
 * @param retry whether the command should be sent again (the caller bounds the retries)
 */
record SgVerdict(PathState state, String message, boolean retry) {
    private static final int SG_INFO_CHECK = 0x1;
    // host_status values that are final answers, not transient driver errors
    private static final int DID_OK = 0x00;
    private static final int DID_NO_CONNECT = 0x01;
    private static final int DID_BAD_TARGET = 0x04;
    private static final int DID_ABORT = 0x05;
    private static final int DID_TRANSPORT_FAILFAST = 0x0f;

    /** The number of times a command is sent before a retryable answer counts as final (tur.c: 5). */
    static final int TRIES = 5;

    static SgVerdict tur(SgOutcome o) {
        return map("tur", o, true);
    }

    static SgVerdict readsector0(SgOutcome o) {
        return map("readsector0", o, false);
    }

    private static SgVerdict map(String checker, SgOutcome o, boolean tur) {
        if (o.errno() != 0) {
            if (o.errno() == Errno.ENOTTY.number()) {
                return new SgVerdict(PathState.WILD, checker + " checker not supported by the device (ENOTTY)", false);
            }
            return down(checker, "SG_IO failed: " + Errno.of(o.errno()) + " (" + o.errno() + ")");
        }
        if (tur && (o.status() & 0x7e) == 0x18) {
            return new SgVerdict(PathState.UP, checker + " checker reports path is up (reservation conflict)", false);
        }
        if ((o.info() & SG_INFO_CHECK) == 0) {
            return new SgVerdict(PathState.UP, checker + " checker reports path is up", false);
        }
        boolean transientHost = switch (o.hostStatus()) {
            case DID_OK, DID_NO_CONNECT, DID_BAD_TARGET, DID_ABORT, DID_TRANSPORT_FAILFAST -> false;
            default -> true;
        };
        int[] kaq = senseKey(o.sense());
        int key = kaq[0];
        int asc = kaq[1];
        int ascq = kaq[2];
        if (key == 0x6) {
            return new SgVerdict(PathState.DOWN, checker + " checker reports path is down: unit attention", true);
        }
        if (tur && key == 0x2 && asc == 0x04 && ascq == 0x0b) {
            return new SgVerdict(PathState.GHOST, checker + " checker reports path is in standby state", false);
        }
        if (tur && key == 0x2 && asc == 0x04 && ascq == 0x0a) {
            return new SgVerdict(PathState.PENDING, checker + " checker reports path is transitioning", false);
        }
        String detail = String.format("status 0x%02x host 0x%02x driver 0x%02x sense %x/%02x/%02x",
                o.status(), o.hostStatus(), o.driverStatus(), key, asc, ascq);
        return new SgVerdict(PathState.DOWN, checker + " checker reports path is down: " + detail, transientHost);
    }

    private static SgVerdict down(String checker, String why) {
        return new SgVerdict(PathState.DOWN, checker + " checker reports path is down: " + why, false);
    }

    /** {key, asc, ascq} from descriptor (0x72/0x73) or fixed (0x70/0x71) format sense; zeros if absent. */
    static int[] senseKey(byte[] s) {
        if (s == null || s.length <= 3) return new int[]{0, 0, 0};
        int code = s[0] & 0xff;
        if (code == 0x72 || code == 0x73) {
            return new int[]{s[1] & 0x0f, s[2] & 0xff, s[3] & 0xff};
        }
        if (s.length > 13 && ((code & 0x7f) == 0x70 || (code & 0x7f) == 0x71)) {
            return new int[]{s[2] & 0x0f, s[12] & 0xff, s[13] & 0xff};
        }
        return new int[]{0, 0, 0};
    }
}
