package io.mpathvx.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The API's write routes: one per operator action, each answering with the state the kernel reports afterwards,
 * and {@code POST /v1/cli} which runs a multipathd command line (what the {@code mpathvx} client sends).
 */
final class ActionRoutes {
    private final AdminActions actions;
    private final CliCommands cli;

    ActionRoutes(AdminActions actions, CliCommands cli) {
        this.actions = actions;
        this.cli = cli;
    }

    void mount(Router r) {
        one(r, "/v1/paths/:name/fail", actions::failPath);
        one(r, "/v1/paths/:name/reinstate", actions::reinstatePath);
        one(r, "/v1/maps/:name/disablequeueing", actions::disableQueueing);
        one(r, "/v1/maps/:name/restorequeueing", actions::restoreQueueing);
        one(r, "/v1/maps/:name/suspend", actions::suspend);
        one(r, "/v1/maps/:name/resume", actions::resume);
        one(r, "/v1/maps/:name/resize", actions::resize);
        one(r, "/v1/maps/:name/reload", actions::reload);
        one(r, "/v1/maps/:name/flush", actions::flush);
        r.delete("/v1/maps/:name").handler(rc -> answer(rc, actions.flush(rc.pathParam("name"), who(rc))));
        r.post("/v1/maps/:name/switchgroup").handler(rc -> {
            JsonObject body = body(rc);
            Object group = body.getValue("group");
            if (!(group instanceof Number) && !(group instanceof String)) {
                ApiServer.error(rc, 400, "body must be {\"group\": N}");
                return;
            }
            answer(rc, actions.switchGroup(rc.pathParam("name"), String.valueOf(group), who(rc)));
        });
        r.post("/v1/maps").handler(rc -> {
            String wwid = body(rc).getString("wwid");
            if (wwid == null || wwid.isBlank()) throw new AdminActions.AdminException(400, "body must be {\"wwid\": \"...\"}");
            answer(rc, actions.addMap(wwid, who(rc)));
        });
        r.delete("/v1/maps").handler(rc -> answer(rc, actions.flushAllUnused(who(rc))));
        all(r, "/v1/disablequeueing", who -> actions.allMaps(true, who));
        all(r, "/v1/restorequeueing", who -> actions.allMaps(false, who));
        all(r, "/v1/reconfigure", actions::reconfigure);
        all(r, "/v1/shutdown", who -> Future.succeededFuture(actions.shutdown(who)));
        r.post("/v1/cli").handler(rc -> {
            Object command = body(rc).getValue("command");
            if (!(command instanceof String line)) throw new AdminActions.AdminException(400, "body must be {\"command\": \"...\"}");
            cli.run(line, who(rc)).onComplete(ar -> {
                CliCommands.Reply reply = ar.succeeded() ? ar.result() : CliCommands.Reply.fail(ar.cause().getMessage());
                ApiServer.json(rc, 200, new JsonObject().put("ok", reply.ok()).put("reply", reply.text()));
            });
        });
    }

    private void one(Router r, String route, BiFunction<String, String, Future<JsonObject>> action) {
        r.post(route).handler(rc -> answer(rc, action.apply(rc.pathParam("name"), who(rc))));
    }

    private void all(Router r, String route, Function<String, Future<JsonObject>> action) {
        r.post(route).handler(rc -> answer(rc, action.apply(who(rc))));
    }

    static String who(RoutingContext rc) {
        String who = rc.get("who");
        return who == null ? "?" : who;
    }

    /** The body as a JSON object; empty when there is none; a 400 when it is not a JSON object. */
    static JsonObject body(RoutingContext rc) {
        var b = rc.body();
        if (b == null || b.length() <= 0) return new JsonObject();
        try {
            Object v = b.asJsonObject();
            if (v == null) throw new AdminActions.AdminException(400, "the body must be a JSON object");
            return (JsonObject) v;
        } catch (io.vertx.core.json.DecodeException | ClassCastException e) {
            throw new AdminActions.AdminException(400, "the body is not a JSON object: " + e.getMessage());
        }
    }

    private static void answer(RoutingContext rc, Future<JsonObject> result) {
        result.onComplete(ar -> {
            if (ar.succeeded()) {
                ApiServer.json(rc, 200, ar.result());
            } else if (ar.cause() instanceof AdminActions.AdminException a) {
                ApiServer.error(rc, a.status, a.getMessage());
            } else {
                ApiServer.error(rc, 409, String.valueOf(ar.cause().getMessage()));
            }
        });
    }
}
