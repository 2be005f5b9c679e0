package io.mpathvx.api;

import io.vertx.core.json.JsonObject;

import java.util.Locale;

/**
 * A typed answer to an ensure or release that could not be done (issue 14): the {@code reason} tells a CSI driver what
 * to do about it, the detail says why. Each reason has its HTTP status and the exit code of {@code mpathvx ensure} /
 * {@code mpathvx release}.
 */
final class LunRefusal extends RuntimeException {
    enum Reason {
        BLACKLISTED(409, 10), NOT_MULTIPATHED(409, 11), SIZE_MISMATCH(409, 12), NO_PATHS(404, 13),
        KERNEL_ERROR(409, 14), TIMEOUT(408, 15), IN_USE(409, 16);

        final int status;
        final int exitCode;

        Reason(int status, int exitCode) {
            this.status = status;
            this.exitCode = exitCode;
        }

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The reason of a JSON answer, null when it has none (a plain API error). */
        static Reason of(String wire) {
            for (Reason r : values()) if (r.wire().equals(wire)) return r;
            return null;
        }
    }

    final Reason reason;
    private final JsonObject detail;

    LunRefusal(Reason reason, String message, JsonObject detail) {
        super(message, null, false, false);
        this.reason = reason;
        this.detail = detail == null ? new JsonObject() : detail;
    }

    /** {@code {"error": message, "reason": "timeout", ...detail}}: the API's error convention plus the type. */
    JsonObject body() {
        return detail.copy().put("error", getMessage()).put("reason", reason.wire());
    }
}
