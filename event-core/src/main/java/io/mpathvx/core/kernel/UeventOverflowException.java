package io.mpathvx.core.kernel;

/** The uevent socket's receive buffer overflowed: events were lost and only a full rescan is correct. */
public final class UeventOverflowException extends Exception {
    public UeventOverflowException(String message) {
        super(message);
    }
}
