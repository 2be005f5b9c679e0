package io.mpathvx.api;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * The HTTP/JSON admin API. Handlers only read the latest published {@link DaemonSnapshot}, so they answer at once
 * even while the loop is busy with a storm. Errors are JSON bodies {@code {"error": "..."}} with a 4xx status.
 */
final class ApiServer {
    private final Vertx vertx;
    private final Supplier<DaemonSnapshot> snapshot;

    ApiServer(Vertx vertx, Supplier<DaemonSnapshot> snapshot) {
        this.vertx = vertx;
        this.snapshot = snapshot;
    }

    Future<HttpServer> listen(String host, int port) {
        return vertx.createHttpServer().requestHandler(router()).listen(port, host);
    }

    Router router() {
        Router r = Router.router(vertx);
        r.get("/v1/maps").handler(rc -> json(rc, 200, mapsJson()));
        r.get("/v1/maps/:name").handler(rc -> {
            String name = rc.pathParam("name");
            snapshot.get().map(name).ifPresentOrElse(m -> json(rc, 200, mapJson(m)), () -> error(rc, 404, "no map named " + name));
        });
        r.get("/v1/paths").handler(rc -> json(rc, 200, pathsJson()));
        r.get("/v1/paths/:name").handler(rc -> {
            String name = rc.pathParam("name");
            snapshot.get().path(name).ifPresentOrElse(p -> json(rc, 200, pathJson(p)), () -> error(rc, 404, "no path named " + name));
        });
        r.get("/v1/stats").handler(rc -> {
            DaemonSnapshot s = snapshot.get();
            json(rc, 200, phase(s).put("at", s.at().toString()).put("counters", new JsonObject(
                    new java.util.TreeMap<String, Object>(s.counters()))));
        });
        r.get("/healthz").handler(rc -> json(rc, 200, phase(snapshot.get()).put("status", "ok")));
        r.route().handler(rc -> error(rc, rc.request().method().name().equals("GET") ? 404 : 405,
                "no such endpoint: " + rc.request().method() + " " + rc.request().path()));
        r.route().failureHandler(rc -> error(rc, rc.statusCode() > 0 ? rc.statusCode() : 500,
                rc.failure() == null ? "request failed" : String.valueOf(rc.failure().getMessage())));
        return r;
    }

    /** Start-up is visible: phase "starting" with what it is doing, then "running". */
    private static JsonObject phase(DaemonSnapshot s) {
        JsonObject o = new JsonObject().put("phase", s.phase().name().toLowerCase(java.util.Locale.ROOT));
        return s.progress().isEmpty() ? o : o.put("progress", s.progress());
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

    private static void json(RoutingContext rc, int status, JsonObject body) {
        rc.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.encode());
    }

    private static void error(RoutingContext rc, int status, String message) {
        json(rc, status, new JsonObject().put("error", message));
    }
}
