package io.mpathvx.checkers;

import io.mpathvx.core.model.DevT;

import java.time.Duration;
import java.util.Objects;

/**
 * What a checker needs to know to check one path.
 *
 * @param path    the path's kernel name, e.g. {@code sdb} (the key: one path, one check at a time)
 * @param devt    the path's device number
 * @param devNode the device node to open, e.g. {@code /dev/sdb}
 * @param timeout checker_timeout: a check that has not answered after this long reports {@code TIMEOUT}
 */
public record CheckTarget(String path, DevT devt, String devNode, Duration timeout) {
    public CheckTarget {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(devNode, "devNode");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }

    /** A target for {@code /dev/<path>}. */
    public static CheckTarget of(String path, DevT devt, Duration timeout) {
        return new CheckTarget(path, devt, "/dev/" + path, timeout);
    }
}
