package io.mpathvx.api;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.MapView;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;
import java.util.logging.Logger;

/**
 * {@code PUT /v1/luns/WWID}: makes sure the LUN has a live map with at least {@code minPaths} usable paths, and waits
 * for it — on a timer of the API's event loop that looks at the published snapshot, never blocking a thread and never
 * asking the daemon's loop. A release mark is lifted first; {@code force} puts the WWID in the wwids file so
 * find_multipaths takes it. At the deadline the answer says what was missing, typed ({@link LunRefusal.Reason}).
 * Idempotent: a LUN that is already there answers at once.
 */
final class LunEnsure {
    private static final Logger LOG = Logger.getLogger(LunEnsure.class.getName());
    /** How often a waiting ensure looks at the snapshot: each look is O(paths of the LUN). */
    static final long POLL_MS = 20;
    static final long DEFAULT_TIMEOUT_MS = 30_000;
    static final long MAX_TIMEOUT_MS = 600_000;

    record Request(int minPaths, long timeoutMs, boolean force) {
        /** The body's options; a bad one is a 400. */
        static Request of(JsonObject body) {
            int minPaths = intIn(body, "minPaths", 1, 1, 1024);
            long timeout = intIn(body, "timeoutMs", DEFAULT_TIMEOUT_MS, 0, MAX_TIMEOUT_MS);
            Object force = body.getValue("force", false);
            if (!(force instanceof Boolean f)) throw new AdminActions.AdminException(400, "force must be true or false");
            return new Request(minPaths, timeout, f);
        }

        private static int intIn(JsonObject body, String key, long dflt, long min, long max) {
            Object v = body.getValue(key);
            if (v == null) return (int) dflt;
            if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue()) || n.longValue() < min || n.longValue() > max) {
                throw new AdminActions.AdminException(400, key + " must be a whole number from " + min + " to " + max);
            }
            return (int) n.longValue();
        }
    }

    private final Vertx vertx;
    private final Daemon daemon;

    LunEnsure(Vertx vertx, Daemon daemon) {
        this.vertx = vertx;
        this.daemon = daemon;
    }

    Future<JsonObject> ensure(String wwid, Request req, String who) {
        LOG.info(() -> "operator request from " + who + ": ensure LUN " + wwid + " (minPaths " + req.minPaths()
                + ", timeout " + req.timeoutMs() + " ms" + (req.force() ? ", force" : "") + ")");
        var rule = daemon.config().blacklist().filterWwid(wwid);
        if (rule.blacklisted()) {
            return Future.failedFuture(new LunRefusal(LunRefusal.Reason.BLACKLISTED, "LUN " + wwid + " is blacklisted",
                    new JsonObject().put("rule", "blacklist wwid " + wwid)));
        }
        long deadline = System.nanoTime() + req.timeoutMs() * 1_000_000;
        return daemon.reconciler().ensure(wwid, req.force()).compose(v -> waitFor(wwid, req, deadline));
    }

    private Future<JsonObject> waitFor(String wwid, Request req, long deadline) {
        Promise<JsonObject> done = Promise.promise();
        if (look(wwid, req, deadline, done)) return done.future();
        vertx.setPeriodic(POLL_MS, id -> {
            if (look(wwid, req, deadline, done)) vertx.cancelTimer(id);
        });
        return done.future();
    }

    /** @return whether the answer is known (and {@code done} completed) */
    private boolean look(String wwid, Request req, long deadline, Promise<JsonObject> done) {
        DaemonSnapshot s = daemon.snapshot();
        var map = s.map(wwid).filter(m -> m.wwid().equals(wwid) && m.table() != null).orElse(null);
        List<DaemonSnapshot.PathView> paths = s.pathsOf(wwid);
        if (map != null && map.activePaths() >= req.minPaths()) {
            done.complete(answer(map, paths));
            return true;
        }
        if (System.nanoTime() - deadline < 0) return false;
        MapView view = daemon.reconciler().view(new Wwid(wwid));
        done.fail(missing(wwid, req, map, paths, view, view == null ? "" : view.note()));
        return true;
    }

    /** What stood between the LUN and a live map at the deadline. */
    private static LunRefusal missing(String wwid, Request req, DaemonSnapshot.MapView map,
                                      List<DaemonSnapshot.PathView> paths, MapView view, String note) {
        JsonObject d = new JsonObject().put("paths", names(paths));
        if (paths.isEmpty() && map == null) {
            return new LunRefusal(LunRefusal.Reason.NO_PATHS, "no path to LUN " + wwid + " appeared", d);
        }
        if (note.startsWith("find_multipaths")) {
            String mode = note.substring("find_multipaths ".length(), note.indexOf(':'));
            return new LunRefusal(LunRefusal.Reason.NOT_MULTIPATHED, "LUN " + wwid + ": " + note
                    + " (ensure with force to add it to the wwids file)", d.put("find_multipaths", mode));
        }
        if (note.startsWith("paths differ in size")) {
            return new LunRefusal(LunRefusal.Reason.SIZE_MISMATCH, "LUN " + wwid + ": " + note, d);
        }
        if (view != null && view.lastError() != null) {
            return new LunRefusal(LunRefusal.Reason.KERNEL_ERROR, "LUN " + wwid + ": " + view.lastError(),
                    d.put("attempts", view.attempts()).put("kernel_error", view.lastError()));
        }
        String what = map == null ? "no live map yet"
                : "map " + map.name() + " has " + map.activePaths() + " usable path(s), " + req.minPaths() + " wanted";
        return new LunRefusal(LunRefusal.Reason.TIMEOUT, "LUN " + wwid + " not ready after " + req.timeoutMs() + " ms: " + what,
                d.put("missing", what));
    }

    private static JsonArray names(List<DaemonSnapshot.PathView> paths) {
        JsonArray a = new JsonArray();
        paths.forEach(p -> a.add(p.name()));
        return a;
    }

    /** Name, device node, dm-N, size and the paths with their states: what a driver needs to stage the volume. */
    static JsonObject answer(DaemonSnapshot.MapView m, List<DaemonSnapshot.PathView> paths) {
        JsonArray ps = new JsonArray();
        for (DaemonSnapshot.PathView p : paths) {
            if (!p.map().equals(m.name())) continue;
            ps.add(new JsonObject().put("name", p.name()).put("dev_t", p.devt()).put("checker_state", p.checkerState())
                    .put("dm_state", p.kernelState()));
        }
        JsonObject o = new JsonObject().put("wwid", m.wwid()).put("name", m.name()).put("device", "/dev/mapper/" + m.name());
        if (m.info() != null && m.info().devt() != null) o.put("dm", "dm-" + m.info().devt().minor());
        return o.put("size_sectors", m.sizeSectors()).put("size_bytes", m.sizeSectors() * 512)
                .put("usable_paths", m.activePaths()).put("paths", ps);
    }
}
