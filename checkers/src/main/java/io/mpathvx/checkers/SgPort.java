package io.mpathvx.checkers;

/** The blocking SCSI generic calls of the SG_IO checkers (a seam for tests); called on workers. */
interface SgPort {
    /** open(O_RDONLY|O_NONBLOCK|O_CLOEXEC); throws NativeException. */
    int open(String devNode);

    /** The device's logical block size. */
    int blockSize(int fd);

    void close(int fd);

    /** TEST UNIT READY. */
    SgOutcome testUnitReady(int fd, int timeoutMillis);

    /** READ(10) of one block at LBA 0 into a buffer of {@code blockSize} bytes. */
    SgOutcome readSector0(int fd, int blockSize, int timeoutMillis);

    /** INQUIRY: standard data ({@code evpd} false, page 0) or one VPD page, with up to {@code length} bytes. */
    SgAnswer inquiry(int fd, boolean evpd, int page, int length, int timeoutMillis);
}
