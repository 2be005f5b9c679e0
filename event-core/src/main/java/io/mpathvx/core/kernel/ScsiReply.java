package io.mpathvx.core.kernel;

/**
 * A SCSI answer: the status byte, the sense data and the data-in bytes the device returned.
 *
 * @param status SCSI status (0 GOOD, 2 CHECK CONDITION, 0x18 RESERVATION CONFLICT, ...)
 */
public record ScsiReply(int status, byte[] sense, byte[] data) {
    public ScsiReply {
        sense = sense == null ? new byte[0] : sense.clone();
        data = data == null ? new byte[0] : data.clone();
    }

    @Override
    public byte[] sense() {
        return sense.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public static ScsiReply good(byte[] data) {
        return new ScsiReply(0, null, data);
    }

    /** CHECK CONDITION with fixed-format sense key / ASC / ASCQ. */
    public static ScsiReply checkCondition(int key, int asc, int ascq) {
        byte[] s = new byte[18];
        s[0] = 0x70;
        s[2] = (byte) key;
        s[7] = 10;
        s[12] = (byte) asc;
        s[13] = (byte) ascq;
        return new ScsiReply(2, s, null);
    }

    public boolean good() {
        return status == 0;
    }

    /** {key, asc, ascq} from fixed (0x70/0x71) or descriptor (0x72/0x73) sense; zeros if absent. */
    public int[] senseKey() {
        byte[] s = sense;
        if (s.length > 3 && ((s[0] & 0x7f) == 0x72 || (s[0] & 0x7f) == 0x73)) {
            return new int[]{s[1] & 0x0f, s[2] & 0xff, s[3] & 0xff};
        }
        if (s.length > 13 && ((s[0] & 0x7f) == 0x70 || (s[0] & 0x7f) == 0x71)) {
            return new int[]{s[2] & 0x0f, s[12] & 0xff, s[13] & 0xff};
        }
        return new int[]{0, 0, 0};
    }
}
