package io.mpathvx.uevent;

/** A datagram that is not a valid uevent, with the typed reason it is dropped for. */
public final class MalformedUeventException extends Exception {
    private final DropReason reason;

    public MalformedUeventException(DropReason reason, String message) {
        super(message, null, false, false); // no stack trace: these are counted, not debugged
        this.reason = reason;
    }

    public DropReason reason() {
        return reason;
    }
}
