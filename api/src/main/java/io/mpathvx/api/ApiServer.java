package io.mpathvx.api;

import io.mpathvx.api.cli.JsonLayout;
import io.mpathvx.api.cli.TopologyLayout;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The HTTP/JSON admin API. Reads answer from the latest published {@link DaemonSnapshot}, so they answer at once even
 * while the loop is busy with a storm; actions ({@link ActionRoutes}) go through the reconciler. Every request is
 * checked by {@link ApiAccess} first. Errors are JSON bodies {@code {"error": "..."}}: 400 bad request or JSON, 401
 * no or wrong token, 403 not allowed, 404 no such route, map or path, 405 wrong method, 409 refused by the state
 * (map open, kernel error), 413 body over 64 KiB. Never a 5xx with a stack trace.
 */
final class ApiServer {
    private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());
    static final int MAX_BODY = 64 * 1024;

    private final Vertx vertx;
    private final Supplier<DaemonSnapshot> snapshot;
    private final AdminActions actions;
    private final Instant started = Instant.now();

    /** @param actions null for a read-only API (benchmarks of reads) */
    ApiServer(Vertx vertx, Supplier<DaemonSnapshot> snapshot, AdminActions actions) {
        this.vertx = vertx;
        this.snapshot = snapshot;
        this.actions = actions;
    }

    ApiServer(Vertx vertx, Supplier<DaemonSnapshot> snapshot) {
        this(vertx, snapshot, null);
    }

    /** TCP without access checks: tests and benchmarks on loopback only. */
    Future<HttpServer> listen(String host, int port) {
        return vertx.createHttpServer().requestHandler(router(null)).listen(port, host);
    }

    Future<HttpServer> listen(SocketAddress address, ApiAccess access) {
        return vertx.createHttpServer().requestHandler(router(access)).listen(address);
    }

    Router router(ApiAccess access) {
        Router r = Router.router(vertx);
        r.route().handler(rc -> {
            ApiAccess.Verdict v = access == null ? new ApiAccess.Verdict(0, null, "test") : access.check(rc.request());
            if (!v.allowed()) {
                error(rc, v.status(), v.reason());
                return;
            }
            rc.put("who", v.who());
            rc.next();
        });
        r.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY));
        r.get("/v1/maps").handler(rc -> {
            String format = rc.queryParams().get("format");
            if ("multipathd".equals(format)) {
                offLoop(rc, "application/json", () -> JsonLayout.maps(SnapshotCliView.of(snapshot.get())));
            } else if (format == null || format.equals("json")) {
                offLoop(rc, "application/json", () -> mapsJson().encode());
            } else {
                error(rc, 400, "format must be json or multipathd");
            }
        });
        r.get("/v1/maps/:name").handler(rc -> {
            String name = rc.pathParam("name");
            snapshot.get().map(name).ifPresentOrElse(m -> json(rc, 200, mapJson(m)), () -> error(rc, 404, "no map named " + name));
        });
        r.get("/v1/paths").handler(rc -> offLoop(rc, "application/json", () -> pathsJson().encode()));
        r.get("/v1/paths/:name").handler(rc -> {
            String name = rc.pathParam("name");
            snapshot.get().path(name).ifPresentOrElse(p -> json(rc, 200, pathJson(p)), () -> error(rc, 404, "no path named " + name));
        });
        r.get("/v1/topology").handler(rc -> offLoop(rc, "text/plain", () -> TopologyLayout.maps(SnapshotCliView.of(snapshot.get()))));
        r.get("/v1/status").handler(rc -> json(rc, 200, statusJson()));
        r.get("/v1/stats").handler(rc -> {
            DaemonSnapshot s = snapshot.get();
            json(rc, 200, phase(s).put("at", s.at().toString()).put("counters", new JsonObject(new TreeMap<String, Object>(s.counters()))));
        });
        new EventStreams(vertx, snapshot.get().journal()).mount(r);
        if (actions == null) r.get("/healthz").handler(rc -> json(rc, 200, phase(snapshot.get()).put("status", "ok")));
        if (actions != null) {
            new ProbeRoutes(vertx, actions.daemon()).mount(r);
            new ActionRoutes(actions, new CliCommands(vertx, snapshot.get(), actions)).mount(r);
            new LunRoutes(new LunEnsure(vertx, actions.daemon()), new LunRelease(vertx, actions.daemon(), actions)).mount(r);
        }
        for (int status : new int[] {400, 401, 403, 404, 405, 409, 413, 415}) {
            r.errorHandler(status, rc -> error(rc, status, rc.failure() != null && rc.failure().getMessage() != null
                    ? rc.failure().getMessage() : defaultReason(status, rc)));
        }
        r.errorHandler(500, rc -> {
            Throwable f = rc.failure();
            if (f instanceof AdminActions.AdminException a) {
                error(rc, a.status, a.getMessage());
                return;
            }
            if (f instanceof io.vertx.core.json.DecodeException || f instanceof IllegalArgumentException) {
                error(rc, 400, "bad request: " + f.getMessage());
                return;
            }
            LOG.log(Level.WARNING, "API request " + rc.request().method() + " " + rc.request().path() + " failed", f);
            error(rc, 500, "internal error (logged)");
        });
        return r;
    }

    private static String defaultReason(int status, RoutingContext rc) {
        return switch (status) {
            case 404 -> "no such endpoint: " + rc.request().path();
            case 405 -> "method " + rc.request().method() + " not allowed on " + rc.request().path();
            case 413 -> "request body over " + MAX_BODY + " bytes";
            default -> "bad request";
        };
    }

    /** Start-up is visible: phase "starting" with what it is doing, then "running". */
    static JsonObject phase(DaemonSnapshot s) {
        JsonObject o = new JsonObject().put("phase", s.phase().name().toLowerCase(Locale.ROOT));
        return s.progress().isEmpty() ? o : o.put("progress", s.progress());
    }

    /** Path counts per checker state, uptime, version, busy (multipathd's show status, as JSON). */
    private JsonObject statusJson() {
        DaemonSnapshot s = snapshot.get();
        TreeMap<String, Object> byState = new TreeMap<>();
        for (DaemonSnapshot.PathView p : s.paths()) byState.merge(p.checkerState().toLowerCase(Locale.ROOT), 1, (a, b) -> (Integer) a + (Integer) b);
        return phase(s).put("version", Main.version()).put("uptime_seconds", Duration.between(started, Instant.now()).toSeconds())
                .put("busy", s.phase() != DaemonSnapshot.Phase.RUNNING).put("maps", s.mapCount()).put("paths", s.pathCount())
                .put("path_states", new JsonObject(byState));
    }

    private JsonObject mapsJson() {
        JsonArray arr = new JsonArray();
        snapshot.get().maps().forEach(m -> arr.add(mapJson(m)));
        return new JsonObject().put("maps", arr);
    }

    private JsonObject pathsJson() {
        JsonArray arr = new JsonArray();
        snapshot.get().paths().forEach(p -> arr.add(pathJson(p)));
        return new JsonObject().put("paths", arr);
    }

    private static JsonObject mapJson(DaemonSnapshot.MapView m) {
        return new JsonObject().put("name", m.name()).put("uuid", m.uuid()).put("wwid", m.wwid())
                .put("size_sectors", m.sizeSectors()).put("table", m.tableText()).put("status", m.statusText())
                .put("last_error", m.lastError());
    }

    private static JsonObject pathJson(DaemonSnapshot.PathView p) {
        return new JsonObject().put("name", p.name()).put("devt", p.devt()).put("wwid", p.wwid()).put("map", p.map())
                .put("checker_state", p.checkerState()).put("kernel_state", p.kernelState());
    }

    /**
     * A listing walks every map or path (10,000 maps: a 3 MB document): rendered on a worker, so no event loop — the
     * daemon's may be the same thread — waits for it.
     */
    private void offLoop(RoutingContext rc, String type, java.util.concurrent.Callable<String> render) {
        vertx.executeBlocking(render, false).onComplete(ar -> {
            if (rc.response().ended()) return;
            if (ar.succeeded()) rc.response().putHeader("content-type", type).end(ar.result());
            else rc.fail(ar.cause());
        });
    }

    static void json(RoutingContext rc, int status, JsonObject body) {
        if (rc.response().ended()) return;
        rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    static void error(RoutingContext rc, int status, String message) {
        json(rc, status, new JsonObject().put("error", message));
    }
}
