package io.mpathvx.core.config;

/**
 * A SCSI device's ALUA support as multipathd records it (pp->tpgs): the TPGS field of the standard INQUIRY data,
 * kept only when the device's target port group can be read and REPORT TARGET PORT GROUPS answers for it
 * (discovery.c detect_alua). UNDEF: not known yet (the path could not be asked).
 */
public enum Tpgs {
    UNDEF, NONE, IMPLICIT, EXPLICIT, BOTH;

    /** From the two TPGS bits of standard INQUIRY byte 5. */
    public static Tpgs fromInquiryBits(int bits) {
        return switch (bits & 3) {
            case 1 -> IMPLICIT;
            case 2 -> EXPLICIT;
            case 3 -> BOTH;
            default -> NONE;
        };
    }

    /** ALUA in any mode. */
    public boolean supported() {
        return this != UNDEF && this != NONE;
    }
}
