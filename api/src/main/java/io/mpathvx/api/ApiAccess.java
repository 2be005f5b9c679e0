package io.mpathvx.api;

import io.mpathvx.core.loop.SocketPeer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Who may use the admin API. On the Unix socket the kernel tells who connected (SO_PEERCRED): the daemon's own user
 * (root in production) may read and act; members of the configured read group may only read; anyone else is
 * refused (the socket's mode, 0600 or 0660, keeps others out already). On TCP every request needs
 * {@code Authorization: Bearer TOKEN}.
 */
final class ApiAccess {
    /** The decision for one request: allowed, or the status and reason to refuse with; {@code who} names the caller. */
    record Verdict(int status, String reason, String who) {
        boolean allowed() {
            return status == 0;
        }
    }

    private final byte[] token; // null: Unix socket peers are checked instead
    private final int ownerUid;
    private final int readGid; // -1: no read group

    private ApiAccess(byte[] token, int ownerUid, int readGid) {
        this.token = token;
        this.ownerUid = ownerUid;
        this.readGid = readGid;
    }

    /** For the Unix socket: {@code ownerUid} reads and writes, members of {@code readGid} (or -1 for none) read. */
    static ApiAccess socketPeers(int ownerUid, int readGid) {
        return new ApiAccess(null, ownerUid, readGid);
    }

    /** For TCP: the bearer token every request must carry. */
    static ApiAccess bearer(String token) {
        if (token == null || token.isBlank()) throw new IllegalArgumentException("the API token is empty");
        return new ApiAccess(token.strip().getBytes(StandardCharsets.UTF_8), -1, -1);
    }

    Verdict check(HttpServerRequest req) {
        boolean write = req.method() != HttpMethod.GET && req.method() != HttpMethod.HEAD;
        if (token != null) return checkToken(req);
        SocketPeer.Credentials peer = SocketPeer.of(req.connection());
        if (peer == null) return new Verdict(403, "the caller's credentials are unknown", "unknown peer");
        String who = "uid " + peer.uid() + " pid " + peer.pid();
        if (peer.uid() == ownerUid) return new Verdict(0, null, who);
        boolean reader = readGid >= 0 && Arrays.stream(peer.gids()).anyMatch(g -> g == readGid);
        if (!reader) return new Verdict(403, "uid " + peer.uid() + " may not use this socket", who);
        if (write) return new Verdict(403, "uid " + peer.uid() + " may only read (actions need uid " + ownerUid + ")", who);
        return new Verdict(0, null, who);
    }

    private Verdict checkToken(HttpServerRequest req) {
        String who = "token holder at " + (req.remoteAddress() == null ? "?" : req.remoteAddress().toString());
        String auth = req.getHeader("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return new Verdict(401, "missing bearer token (Authorization: Bearer ...)", who);
        }
        byte[] given = auth.substring(7).strip().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(given, token)) return new Verdict(401, "wrong bearer token", who); // constant time
        return new Verdict(0, null, who);
    }
}
