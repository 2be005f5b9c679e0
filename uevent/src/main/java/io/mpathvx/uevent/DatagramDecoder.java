package io.mpathvx.uevent;

import io.mpathvx.core.kernel.RawUevent;

/**
 * Checks a datagram's sender and parses it; every datagram is counted as parsed or dropped with a reason. Never
 * throws for bad input.
 */
final class DatagramDecoder {
    private final UeventCounters counters;

    DatagramDecoder(UeventCounters counters) {
        this.counters = counters;
    }

    /** The parsed uevent, or null when the datagram was dropped (and counted). */
    Uevent decode(RawUevent raw) {
        counters.received.increment();
        Uevent.Source source;
        if (raw.group() == RawUevent.KERNEL_GROUP) {
            // only the kernel itself sends with port id 0; anyone else on group 1 is spoofing
            if (raw.senderPid() != 0) return drop(DropReason.UNTRUSTED_SENDER);
            source = Uevent.Source.KERNEL;
        } else if (raw.group() == RawUevent.UDEV_GROUP) {
            // udevd runs as root; without credentials we cannot tell
            if (raw.senderUid() != 0) return drop(DropReason.UNTRUSTED_SENDER);
            source = Uevent.Source.UDEV;
        } else {
            return drop(DropReason.UNKNOWN_GROUP);
        }
        byte[] data = raw.data();
        if (data == null) return drop(DropReason.EMPTY);
        try {
            Uevent ev = UeventParser.parse(data, source);
            counters.parsed.increment();
            return ev;
        } catch (MalformedUeventException e) {
            return drop(e.reason());
        } catch (RuntimeException e) {
            // a parser bug must not take the listener down; count it where a human will look
            return drop(DropReason.PARSER_ERROR);
        }
    }

    private Uevent drop(DropReason reason) {
        counters.drop(reason);
        return null;
    }
}
