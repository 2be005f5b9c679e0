package io.mpathvx.api;

import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The API's error answers, token and socket-permission checks, against a running daemon on the simulated kernel. */
class ApiErrorsTest {
    private AdminFixture f;

    @AfterEach
    void stop() throws Exception {
        if (f != null) f.close();
    }

    private static void error(SocketHttp.Response r, int status, String words) {
        assertEquals(status, r.status(), r.body());
        String message = new JsonObject(r.body()).getString("error");
        assertTrue(message != null && message.contains(words), r.body());
    }

    @Test
    void badRequestsGetTheirStatusAndAJsonReason() throws Exception {
        f = new AdminFixture();
        error(f.http("GET", "/v1/nothing", null), 404, "no such endpoint");
        error(f.http("GET", "/v1/maps/nope", null), 404, "no map named nope");
        error(f.http("POST", "/v1/paths/nope/fail", null), 404, "no path nope");
        error(f.http("POST", "/v1/maps/nope/resize", null), 404, "no map nope");
        error(f.http("PUT", "/v1/maps", "{}"), 405, "not allowed");
        error(f.http("DELETE", "/v1/status", null), 405, "not allowed");
        error(f.http("POST", "/v1/cli", "{"), 400, "not a JSON object");
        error(f.http("POST", "/v1/cli", "[1, 2]"), 400, "not a JSON object");
        error(f.http("POST", "/v1/cli", "{\"command\": 5}"), 400, "command");
        error(f.http("POST", "/v1/maps/" + AdminFixture.W1 + "/switchgroup", "{\"group\": \"x\"}"), 400, "number");
        error(f.http("POST", "/v1/maps/" + AdminFixture.W1 + "/switchgroup", "{}"), 400, "group");
        error(f.http("GET", "/v1/maps?format=xml", null), 400, "format");
        error(f.http("POST", "/v1/cli", "{\"command\": \"" + "x".repeat(70 * 1024) + "\"}"), 413, "65536");
        assertEquals(200, f.http("GET", "/v1/maps", null).status(), "still serving");
    }

    @Test
    void theSocketIsTheOwnersOnly() throws Exception {
        f = new AdminFixture();
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(f.socket));
        // a second daemon must not take over a live socket
        var e = assertThrows(java.io.IOException.class, () -> AdminSocket.prepare(f.socket, null));
        assertTrue(e.getMessage().contains("another daemon"), e.getMessage());
    }

    @Test
    void aPeerThatIsNotTheOwnerIsRefused() throws Exception {
        f = new AdminFixture(ApiAccess.socketPeers(AdminSocket.ownUid() + 12345, -1));
        error(f.http("GET", "/v1/maps", null), 403, "may not use this socket");
        error(f.http("POST", "/v1/cli", "{\"command\": \"show maps\"}"), 403, "may not use");
    }

    @Test
    void theReadGroupMayReadButNotAct() throws Exception {
        int gid = (Integer) Files.getAttribute(java.nio.file.Path.of("/proc/self"), "unix:gid");
        f = new AdminFixture(ApiAccess.socketPeers(AdminSocket.ownUid() + 12345, gid));
        assertEquals(200, f.http("GET", "/v1/maps", null).status());
        String path = f.sim.paths().get(0).name();
        error(f.http("POST", "/v1/paths/" + path + "/fail", null), 403, "may only read");
        error(f.http("POST", "/v1/cli", "{\"command\": \"show maps\"}"), 403, "may only read");
        AdminFixture.Run cli = f.cli("fail", "path", path);
        assertEquals(1, cli.exit());
        assertTrue(cli.err().contains("may only read"), cli.err());
    }

    @Test
    void tcpNeedsTheBearerToken() throws Exception {
        f = new AdminFixture();
        String token = "0123456789abcdef0123";
        int port = new ApiServer(f.vertx, f.daemon::snapshot, null)
                .listen(SocketAddress.inetSocketAddress(0, "127.0.0.1"), ApiAccess.bearer(token)).await().actualPort();
        HttpClient http = HttpClient.newHttpClient();
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/maps");
        HttpResponse<String> none = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, none.statusCode());
        assertTrue(new JsonObject(none.body()).getString("error").contains("missing bearer token"));
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer nope").build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        assertTrue(new JsonObject(wrong.body()).getString("error").contains("wrong bearer token"));
        HttpResponse<String> right = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, right.statusCode());
        assertEquals(2, new JsonObject(right.body()).getJsonArray("maps").size());
    }

    @Test
    void theTokenFileMustBePrivate() throws Exception {
        var file = Files.createTempFile("token", "");
        try {
            Files.writeString(file, "0123456789abcdef0123\n");
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            var e = assertThrows(java.io.IOException.class, () -> ApiToken.read(file.toString()));
            assertTrue(e.getMessage().contains("chmod 600"));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            assertEquals("0123456789abcdef0123", ApiToken.read(file.toString()));
            assertThrows(java.io.IOException.class, () -> ApiToken.read(null));
        } finally {
            Files.delete(file);
        }
    }
}
