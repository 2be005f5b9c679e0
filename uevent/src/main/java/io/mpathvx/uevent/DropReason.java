package io.mpathvx.uevent;

/** Why a received datagram was dropped before it became a {@link Uevent}. */
public enum DropReason {
    /** Zero bytes. */
    EMPTY,
    /** Kernel format without the {@code ACTION@DEVPATH} NUL-terminated header. */
    BAD_KERNEL_HEADER,
    /** udev format shorter than its 40-byte header, wrong magic, or offsets outside the datagram. */
    BAD_UDEV_HEADER,
    /** No ACTION or no DEVPATH property. */
    MISSING_FIELD,
    /** The kernel header's action or devpath disagrees with the properties. */
    HEADER_MISMATCH,
    /** SEQNUM present but not a decimal number. */
    BAD_SEQNUM,
    /** Kernel group but sender port id not 0, or udev group but sender uid not 0 (or no credentials). */
    UNTRUSTED_SENDER,
    /** A netlink group other than kernel (1) or udev (2). */
    UNKNOWN_GROUP,
    /** The parser failed unexpectedly (a bug in mpathvx, reported rather than thrown). */
    PARSER_ERROR
}
