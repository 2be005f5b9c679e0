package io.mpathvx.api;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The attach/detach contract for CSI drivers (issue 14): {@code PUT /v1/luns/WWID} (ensure; body {@code minPaths},
 * {@code timeoutMs}, {@code force}) and {@code DELETE /v1/luns/WWID} (release; {@code deletePaths}, {@code force} as
 * query parameters or in a JSON body). Both are idempotent. A refusal is {@code {"error": ..., "reason": ...}} with
 * the reason's status ({@link LunRefusal}); a bad request is a plain 400.
 */
final class LunRoutes {
    /** What a WWID may look like here (multipath-tools' WWID_SIZE is 128). */
    private static final java.util.regex.Pattern WWID = java.util.regex.Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final LunEnsure ensure;
    private final LunRelease release;

    LunRoutes(LunEnsure ensure, LunRelease release) {
        this.ensure = ensure;
        this.release = release;
    }

    void mount(Router r) {
        r.put("/v1/luns/:wwid").handler(rc -> {
            String wwid = wwid(rc);
            answer(rc, ensure.ensure(wwid, LunEnsure.Request.of(ActionRoutes.body(rc)), ActionRoutes.who(rc)));
        });
        r.delete("/v1/luns/:wwid").handler(rc -> {
            String wwid = wwid(rc);
            JsonObject body = ActionRoutes.body(rc);
            var req = new LunRelease.Request(flag(rc, body, "deletePaths"), flag(rc, body, "force"));
            answer(rc, release.release(wwid, req, ActionRoutes.who(rc)));
        });
    }

    private static String wwid(RoutingContext rc) {
        String w = rc.pathParam("wwid");
        if (w == null || !WWID.matcher(w).matches()) {
            throw new AdminActions.AdminException(400, "not a WWID: letters, digits and . _ : - only, at most 128");
        }
        return w;
    }

    /** An option from the query (?deletePaths=true) or the body; anything but true/false is a 400. */
    private static boolean flag(RoutingContext rc, JsonObject body, String name) {
        String q = rc.queryParams().get(name);
        Object v = q != null ? q : body.getValue(name, false);
        if (v instanceof Boolean b) return b;
        if ("true".equals(v) || "1".equals(v)) return true;
        if ("false".equals(v) || "0".equals(v)) return false;
        throw new AdminActions.AdminException(400, name + " must be true or false");
    }

    private static void answer(RoutingContext rc, Future<JsonObject> result) {
        result.onComplete(ar -> {
            if (ar.succeeded()) ApiServer.json(rc, 200, ar.result());
            else if (ar.cause() instanceof LunRefusal l) ApiServer.json(rc, l.reason.status, l.body());
            else if (ar.cause() instanceof AdminActions.AdminException a) ApiServer.error(rc, a.status, a.getMessage());
            else ApiServer.error(rc, 409, String.valueOf(ar.cause().getMessage()));
        });
    }
}
