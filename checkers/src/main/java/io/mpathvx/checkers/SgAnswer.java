package io.mpathvx.checkers;

/** An SG_IO outcome with the data-in bytes the device returned. */
record SgAnswer(SgOutcome outcome, byte[] data) {
    SgAnswer {
        data = data == null ? new byte[0] : data;
    }
}
