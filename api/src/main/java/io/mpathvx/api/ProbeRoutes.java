package io.mpathvx.api;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;

/**
 * Kubernetes probes and Prometheus: {@code /healthz} (the process answers and the daemon's event loop runs a task
 * within {@link #LOOP_DEADLINE_MS}), {@code /readyz} (start-up discovery and the first reconciliation are done: every
 * map then converged or waits for a retry with its reason), {@code /metrics} ({@link DaemonMetrics}). A failing probe
 * answers 503, the status kubelet and load balancers act on.
 */
final class ProbeRoutes {
    static final long LOOP_DEADLINE_MS = 2000;

    private final Vertx vertx;
    private final Daemon daemon;
    private final DaemonMetrics metrics;

    ProbeRoutes(Vertx vertx, Daemon daemon) {
        this.vertx = vertx;
        this.daemon = daemon;
        this.metrics = new DaemonMetrics(daemon::snapshot);
    }

    void mount(Router r) {
        r.get("/healthz").handler(this::health);
        r.get("/readyz").handler(rc -> {
            DaemonSnapshot s = daemon.snapshot();
            JsonObject o = new JsonObject().put("phase", s.phase().name().toLowerCase(Locale.ROOT)).put("maps", s.mapCount())
                    .put("maps_failing", s.counters().getOrDefault("maps_failing", 0L));
            if (s.phase() == DaemonSnapshot.Phase.RUNNING) ApiServer.json(rc, 200, o.put("ready", true));
            else ApiServer.json(rc, 503, o.put("ready", false).put("error", s.phase() == DaemonSnapshot.Phase.STARTING
                    ? "starting: " + s.progress() : "stopping"));
        });
        r.get("/metrics").handler(rc -> vertx.executeBlocking(metrics::render, false).onComplete(ar -> {
            if (rc.response().ended()) return;
            if (ar.succeeded()) rc.response().putHeader("content-type", DaemonMetrics.contentType()).end(ar.result());
            else rc.fail(ar.cause());
        }));
    }

    /** A task on the daemon's loop, answered in time or not: a stuck loop fails the liveness probe. */
    private void health(RoutingContext rc) {
        long asked = System.nanoTime();
        io.vertx.core.Context api = vertx.getOrCreateContext();
        long timer = vertx.setTimer(LOOP_DEADLINE_MS, id -> ApiServer.json(rc, 503, new JsonObject().put("status", "stuck")
                .put("error", "the event loop ran no task for " + LOOP_DEADLINE_MS + " ms")));
        daemon.loop().runOnContext(v -> {
            long lagMs = (System.nanoTime() - asked) / 1_000_000;
            api.runOnContext(x -> { // back on the API's context, where the timer and the response live
                if (!vertx.cancelTimer(timer)) return;
                ApiServer.json(rc, 200, ApiServer.phase(daemon.snapshot()).put("status", "ok").put("loop_lag_ms", lagMs));
            });
        });
    }
}
