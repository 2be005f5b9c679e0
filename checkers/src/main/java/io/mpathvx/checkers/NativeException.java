package io.mpathvx.checkers;

import io.mpathvx.core.kernel.Errno;

/** A failed system call: which call and its errno. */
final class NativeException extends RuntimeException {
    private final int errno;

    NativeException(String call, int errno) {
        super(call + " failed: " + Errno.of(errno) + " (" + errno + ")");
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}
