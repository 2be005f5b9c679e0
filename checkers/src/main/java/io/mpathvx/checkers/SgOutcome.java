package io.mpathvx.checkers;

/**
 * What one SG_IO ioctl returned: the ioctl's errno (0 if it succeeded) and the sg_io_hdr fields the checkers read.
 *
 * @param errno        errno of a failed ioctl, 0 if the ioctl itself succeeded
 * @param status       SCSI status byte
 * @param hostStatus   host (HBA) status
 * @param driverStatus driver status
 * @param info         sg_io_hdr.info (bit 0: SG_INFO_CHECK, something went wrong)
 * @param sense        sense bytes written (sb_len_wr of them)
 */
record SgOutcome(int errno, int status, int hostStatus, int driverStatus, int info, byte[] sense) {
    static SgOutcome failedIoctl(int errno) {
        return new SgOutcome(errno, 0, 0, 0, 0, new byte[0]);
    }

    static SgOutcome good() {
        return new SgOutcome(0, 0, 0, 0, 0, new byte[0]);
    }

    /** A CHECK CONDITION with fixed-format sense key/ASC/ASCQ. */
    static SgOutcome checkCondition(int key, int asc, int ascq) {
        return new SgOutcome(0, 0x02, 0, 0x08, 1, io.mpathvx.core.kernel.ScsiReply.checkCondition(key, asc, ascq).sense());
    }
}
