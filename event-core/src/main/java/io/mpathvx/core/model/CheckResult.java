package io.mpathvx.core.model;

import java.util.Objects;

/**
 * A path checker's verdict on one path at one moment.
 *
 * @param path    the path's kernel name, e.g. {@code sdb}
 * @param devt    the path's device number
 * @param state   the verdict
 * @param message what the checker saw, for logs and the API (e.g. "directio checker reports path is down")
 */
public record CheckResult(String path, DevT devt, PathState state, String message) {
    public CheckResult {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(state, "state");
        message = message == null ? "" : message;
    }
}
