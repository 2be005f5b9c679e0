package io.mpathvx.api;

import io.mpathvx.core.testkit.BlockedThreadGuard;
import io.mpathvx.core.testkit.Fuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At least 10,000 malformed requests to a running daemon's admin socket (broken request lines, unknown routes and
 * methods, broken and oversized bodies, garbled multipathd commands): never a 5xx, and the daemon keeps serving.
 */
@ExtendWith(BlockedThreadGuard.class)
class ApiFuzzTest {
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "G\u00e9T", ""};
    private static final String[] PATHS = {"/v1/maps", "/v1/maps/%s", "/v1/maps/%s/switchgroup", "/v1/maps/%s/resize",
            "/v1/paths/%s/fail", "/v1/paths/%s", "/v1/cli", "/v1/status", "/v1/%s", "/%s", "/v1/maps?format=%s",
            "/v1/maps/%s/flush", "/v1/paths/%s/reinstate", "/v1/maps/%s/suspend"};
    private static final String[] WORDS = {"show", "maps", "map", "path", "fail", "group", "format", "\"", "\"\"", "{",
            "}", "#", "!", "%", "%n", "-1", "99999999999", "sw", "s", "raw", "json", "dm-", "dm-999", "\u0000", "\u00ff",
            "reinstate", "switchgroup", "resize", "suspend", "../..", "mpatha"};

    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES) // a request the server hangs on fails the test
    void malformedRequestsNeverGetA5xxAndTheDaemonKeepsServing() throws Exception {
        Fuzz fuzz = Fuzz.of(0x5eed_13L, 10_000);
        try (AdminFixture f = new AdminFixture()) {
            int[] byStatus = new int[600];
            fuzz.verify(random -> {
                for (int i = 0; i < fuzz.iterations(); i++) {
                    boolean[] incomplete = new boolean[1];
                    byte[] request = request(random, incomplete);
                    SocketHttp.Response r = SocketHttp.raw(f.socket, request, incomplete[0]);
                    assertTrue(r.status() < 500, () -> "got " + r.status() + " " + r.body() + " for "
                            + new String(request, StandardCharsets.UTF_8));
                    byStatus[r.status()]++;
                }
            });
            assertEquals(200, f.http("GET", "/healthz", null).status(), "still serving");
            assertEquals(0, f.cli("show", "maps").exit());
            assertTrue(byStatus[400] > 0 && byStatus[404] > 0 && byStatus[405] > 0 && byStatus[413] > 0,
                    "the fuzz reaches the error paths: 400 " + byStatus[400] + ", 404 " + byStatus[404] + ", 405 "
                            + byStatus[405] + ", 413 " + byStatus[413]);
        }
    }

    /** @param incomplete set when the server may wait for more bytes (then the test ends its side after sending) */
    private static byte[] request(Random r, boolean[] incomplete) {
        if (r.nextInt(20) == 0) { // not HTTP at all
            byte[] junk = new byte[1 + r.nextInt(200)];
            r.nextBytes(junk);
            incomplete[0] = true;
            return junk;
        }
        String method = METHODS[r.nextInt(METHODS.length)];
        String path = String.format(PATHS[r.nextInt(PATHS.length)], junkWord(r));
        String body = body(r);
        StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n");
        if (r.nextInt(10) == 0) head.append("Authorization: Bearer ").append(junkWord(r)).append("\r\n");
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(30) == 0) {
            head.append("Content-Length: ").append(r.nextInt(3) == 0 ? "-5" : String.valueOf(b.length + 10)).append("\r\n");
            incomplete[0] = true;
        }
        else if (!body.isEmpty()) head.append("Content-Length: ").append(b.length).append("\r\n");
        head.append("\r\n");
        byte[] h = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + b.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return all;
    }

    private static String junkWord(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(12);
        for (int i = 0; i < n; i++) {
            int c = r.nextInt(4) == 0 ? r.nextInt(0x250) : 'a' + r.nextInt(26);
            if (c == ' ' || c == '\r' || c == '\n' || c == '?' || c == '#' || c == '/' || c == '%' || c < 0x21) c = 'x';
            sb.appendCodePoint(c);
        }
        return java.net.URLEncoder.encode(sb.toString(), StandardCharsets.UTF_8);
    }

    private static String body(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> "";
            case 1 -> "{";
            case 2 -> "[" + r.nextInt() + "]";
            case 3 -> "{\"command\": " + r.nextInt() + "}";
            case 4 -> "{\"command\": \"" + command(r) + "\"}";
            case 5 -> "{\"group\": \"" + junkWord(r) + "\"}";
            case 6 -> "{\"command\": \"" + "y".repeat(64 * 1024) + "\"}";
            case 7 -> "{".repeat(1 + r.nextInt(2000));
            default -> "\"" + junkWord(r);
        };
    }

    /** A garbled multipathd command: keyword fragments, quotes and junk; never a whole command that acts. */
    private static String command(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) sb.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextBoolean() ? " " : "");
        String c = sb.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\u0000");
        return c.startsWith("shutdown") ? "x" + c : c;
    }
}
