package io.mpathvx.core.config;

/** The dm-multipath queue_mode feature argument; UNDEF when the features string has none. */
public enum QueueMode {
    UNDEF, BIO, RQ, MQ;

    @Override
    public String toString() {
        return name().toLowerCase();
    }
}
