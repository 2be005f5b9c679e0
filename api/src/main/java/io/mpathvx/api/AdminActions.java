package io.mpathvx.api;

import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.DevT;
import io.mpathvx.reconciler.MapAction;
import io.mpathvx.reconciler.Reconciler;
import io.mpathvx.reconciler.diff.ObservedMap;
import io.mpathvx.reconciler.exec.MapOutcome;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * The operator's actions (multipathd's cli_* handlers that change state). Each resolves its map or path from the
 * snapshot, hands {@link MapAction}s to the reconciler — which runs them on its workers in order after whatever the
 * map has in flight, never beside a reconcile of it — and answers with the map as the kernel reports it afterwards.
 * Each is logged with who asked. Failures are {@link AdminException}s with an HTTP status.
 */
final class AdminActions {
    private static final Logger LOG = Logger.getLogger(AdminActions.class.getName());

    private final Daemon daemon;
    private final Supplier<Future<Void>> reconfigure;
    private final Runnable shutdown;

    /**
     * @param reconfigure re-reads the configuration and applies it (the SIGHUP code); fails with the reason when the
     *                    configuration does not load
     * @param shutdown    stops the daemon (as SIGTERM does)
     */
    AdminActions(Daemon daemon, Supplier<Future<Void>> reconfigure, Runnable shutdown) {
        this.daemon = daemon;
        this.reconfigure = reconfigure;
        this.shutdown = shutdown;
    }

    /** An action that cannot be done; {@code status} is the HTTP status the API answers with. */
    static final class AdminException extends RuntimeException {
        final int status;

        AdminException(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    Daemon daemon() {
        return daemon;
    }

    private DaemonSnapshot snapshot() {
        return daemon.snapshot();
    }

    /** A map by alias, WWID or dm-N (mirrors multipathd's find_mp_by_str). */
    DaemonSnapshot.MapView map(String key) {
        var m = snapshot().map(key);
        if (m.isPresent()) return m.get();
        if (key.matches("dm-\\d{1,9}")) {
            int minor = Integer.parseInt(key.substring(3));
            for (DaemonSnapshot.MapView v : snapshot().maps()) {
                if (v.info() != null && v.info().devt() != null && v.info().devt().minor() == minor) return v;
            }
        }
        throw new AdminException(404, "no map " + key);
    }

    /** A path by kernel name or major:minor, which must be in a map (multipathd's cli_fail/cli_reinstate). */
    private DaemonSnapshot.PathView pathInMap(String key) {
        var p = snapshot().path(key).orElseThrow(() -> new AdminException(404, "no path " + key));
        if (p.map().isEmpty()) throw new AdminException(409, "path " + p.name() + " is in no map");
        return p;
    }

    Future<JsonObject> failPath(String key, String who) {
        var p = pathInMap(key);
        log(who, "fail path " + p.name() + " of map " + p.map());
        DevT devt = DevT.parse(p.devt());
        return daemon.checking(p.name(), false)
                .compose(v -> run(List.of(new MapAction.FailPath(p.map(), devt))))
                .recover(err -> daemon.checking(p.name(), true).compose(v -> Future.failedFuture(err)))
                .map(m -> pathResult(p.name(), devt, m));
    }

    Future<JsonObject> reinstatePath(String key, String who) {
        var p = pathInMap(key);
        log(who, "reinstate path " + p.name() + " of map " + p.map());
        DevT devt = DevT.parse(p.devt());
        return daemon.checking(p.name(), true)
                .compose(v -> run(List.of(new MapAction.ReinstatePath(p.map(), devt))))
                .map(m -> pathResult(p.name(), devt, m));
    }

    /** Mirrors cli_switch_group: the group must exist (1-based). */
    Future<JsonObject> switchGroup(String key, String group, String who) {
        var m = map(key);
        int n;
        try {
            n = Integer.parseInt(group);
        } catch (NumberFormatException e) {
            throw new AdminException(400, "group must be a number: " + group);
        }
        int groups = m.table() == null ? 0 : m.table().groups().size();
        if (n < 1 || n > groups) throw new AdminException(400, "map " + m.name() + " has no group " + n + " (it has " + groups + ")");
        log(who, "switchgroup map " + m.name() + " group " + n);
        return run(List.of(new MapAction.SwitchGroup(m.name(), n))).map(AdminActions::mapJson);
    }

    /** Mirrors cli_disable_queueing: fail_if_no_path, and nothing turns queueing on again until restored. */
    Future<JsonObject> disableQueueing(String key, String who) {
        var m = map(key);
        log(who, "disablequeueing map " + m.name());
        return daemon.queueing(m.name(), true).compose(v -> run(List.of(new MapAction.FailIfNoPath(m.name()))))
                .map(AdminActions::mapJson);
    }

    /** Mirrors cli_restore_queueing: queueing back on when the map's configuration queues. */
    Future<JsonObject> restoreQueueing(String key, String who) {
        var m = map(key);
        log(who, "restorequeueing map " + m.name());
        var view = reconciler().view(io.mpathvx.core.model.Wwid.of(m.wwid()));
        boolean queues = view != null && view.desired() != null && view.desired().table().features().contains("queue_if_no_path");
        return daemon.queueing(m.name(), false).compose(v -> queues
                ? run(List.of(new MapAction.QueueIfNoPath(m.name()))).map(AdminActions::mapJson)
                : Future.succeededFuture(mapJson(m).put("note", "the configuration does not queue (no_path_retry fail)")));
    }

    /** {@code disablequeueing maps} / {@code restorequeueing maps}: each map; the answer lists them. */
    Future<JsonObject> allMaps(boolean disable, String who) {
        List<Future<JsonObject>> each = new ArrayList<>();
        for (DaemonSnapshot.MapView m : List.copyOf(snapshot().maps())) {
            if (m.table() == null) continue;
            each.add(disable ? disableQueueing(m.name(), who) : restoreQueueing(m.name(), who));
        }
        return joinMaps(each);
    }

    Future<JsonObject> suspend(String key, String who) {
        var m = map(key);
        log(who, "suspend map " + m.name());
        return run(List.of(new MapAction.Suspend(m.name()))).map(AdminActions::mapJson);
    }

    Future<JsonObject> resume(String key, String who) {
        var m = map(key);
        log(who, "resume map " + m.name());
        return run(List.of(new MapAction.Resume(m.name()))).map(AdminActions::mapJson);
    }

    /** Mirrors cli_reload: loads the wanted table again (a reload even when it is unchanged). */
    Future<JsonObject> reload(String key, String who) {
        var m = map(key);
        var view = reconciler().view(io.mpathvx.core.model.Wwid.of(m.wwid()));
        if (view == null || view.desired() == null) throw new AdminException(409, "map " + m.name() + " has no wanted table");
        log(who, "reload map " + m.name());
        return run(List.of(new MapAction.Reload(m.name(), view.desired().target()))).map(AdminActions::mapJson);
    }

    /**
     * Mirrors cli_resize: the paths' sizes are read again and the map takes the new size (the reconciler plans the
     * resize; paths that disagree are left out as at any load). Answers with the size the kernel now has.
     */
    Future<JsonObject> resize(String key, String who) {
        var m = map(key);
        if (m.table() == null) throw new AdminException(409, "map " + m.name() + " has no live table");
        List<String> paths = new ArrayList<>();
        for (DevT d : m.table().devices()) snapshot().path(d.toString()).ifPresent(p -> paths.add(p.name()));
        log(who, "resize map " + m.name() + " (paths " + paths + ")");
        long before = m.sizeSectors();
        return daemon.reread(paths).map(v -> {
            var now = snapshot().map(m.wwid()).orElseThrow(() -> new AdminException(404, "map " + m.name() + " is gone"));
            if (!now.lastError().isEmpty()) throw new AdminException(409, "resize of " + m.name() + " failed: " + now.lastError());
            return snapshotJson(now).put("size_before", before);
        });
    }

    /**
     * Mirrors flush_map: removes the map unless it is open (refused with the open count and holders), and keeps it
     * from being created again until {@code add map} or reconfigure.
     */
    Future<JsonObject> flush(String key, String who) {
        var m = map(key);
        log(who, "flush map " + m.name());
        return reconciler().flush(m.name()).recover(AdminActions::notFound).map(out -> {
            if (out.ok()) return new JsonObject().put("name", m.name()).put("flushed", true);
            if (out.error().errno() == Errno.EBUSY) {
                int open = out.after() == null || out.after().info() == null ? -1 : out.after().info().openCount();
                throw new AdminException(409, "map " + m.name() + " is in use (open count " + open
                        + "): close it first (unmount, deactivate holders such as LVM)");
            }
            throw kernelError(out);
        });
    }

    /** {@code remove maps} / {@code multipath -F}: every map not in use; the answer says which stayed and why. */
    Future<JsonObject> flushAllUnused(String who) {
        log(who, "flush all unused maps");
        JsonArray flushed = new JsonArray();
        JsonArray kept = new JsonArray();
        List<Future<Void>> each = new ArrayList<>();
        for (DaemonSnapshot.MapView m : List.copyOf(snapshot().maps())) {
            each.add(flush(m.name(), who).<Void>map(j -> {
                flushed.add(m.name());
                return null;
            }).otherwise(err -> {
                kept.add(new JsonObject().put("name", m.name()).put("reason", err.getMessage()));
                return null;
            }));
        }
        return Future.join(each).map(v -> new JsonObject().put("flushed", flushed).put("kept", kept));
    }

    /** Mirrors cli_add_map: a flushed map may be created again; answers once the reconciler settled it. */
    Future<JsonObject> addMap(String wwidOrName, String who) {
        String wwid = snapshot().map(wwidOrName).map(DaemonSnapshot.MapView::wwid).orElse(wwidOrName);
        log(who, "add map " + wwid);
        return reconciler().restore(wwid).map(v -> snapshot().map(wwid).map(AdminActions::snapshotJson)
                .orElseThrow(() -> new AdminException(404, "no paths for a map " + wwidOrName)));
    }

    /** The SIGHUP code: re-reads the configuration; a configuration that does not load is refused with its reason. */
    Future<JsonObject> reconfigure(String who) {
        log(who, "reconfigure");
        return reconfigure.get().map(v -> new JsonObject().put("reconfigured", true))
                .recover(err -> Future.failedFuture(err instanceof AdminException ? err : new AdminException(400,
                        "configuration not reloaded, the running one stays: " + err.getMessage())));
    }

    JsonObject shutdown(String who) {
        log(who, "shutdown");
        Thread t = new Thread(shutdown, "mpathvx-shutdown-request");
        t.setDaemon(true);
        t.start();
        return new JsonObject().put("shutting_down", true);
    }

    // ---------------------------------------------------------------------------------------------------------

    private Reconciler reconciler() {
        return daemon.reconciler();
    }

    private Future<ObservedMap> run(List<MapAction> actions) {
        return reconciler().applyAndWait(actions).recover(AdminActions::notFound).map(out -> {
            if (!out.ok()) throw kernelError(out);
            if (out.after() == null) throw new AdminException(409, "map " + actions.get(0).map() + " is gone");
            return out.after();
        });
    }

    private static <T> Future<T> notFound(Throwable err) {
        return Future.failedFuture(err instanceof NoSuchElementException ? new AdminException(404, err.getMessage())
                : err instanceof IllegalStateException ? new AdminException(409, err.getMessage()) : err);
    }

    private static AdminException kernelError(MapOutcome out) {
        return new AdminException(409, "the kernel refused: " + out.error().getMessage());
    }

    private static void log(String who, String what) {
        LOG.info(() -> "operator request from " + who + ": " + what);
    }

    private static Future<JsonObject> joinMaps(List<Future<JsonObject>> each) {
        return Future.join(each).transform(ar -> {
            JsonArray done = new JsonArray();
            JsonArray failed = new JsonArray();
            for (Future<JsonObject> f : each) {
                if (f.succeeded()) done.add(f.result());
                else failed.add(f.cause().getMessage());
            }
            return Future.succeededFuture(new JsonObject().put("maps", done).put("failed", failed));
        });
    }

    /** A map as the kernel reported it right after the action (read back on the worker). */
    static JsonObject mapJson(ObservedMap o) {
        JsonObject j = new JsonObject().put("name", o.name()).put("uuid", o.uuid()).put("size_sectors", o.sizeSectors())
                .put("table", o.table() == null ? "" : o.table().format())
                .put("status", o.status() == null ? "" : o.status().format());
        if (o.info() != null) j.put("suspended", o.info().suspended()).put("open_count", o.info().openCount());
        return j;
    }

    static JsonObject snapshotJson(DaemonSnapshot.MapView m) {
        return new JsonObject().put("name", m.name()).put("uuid", m.uuid()).put("size_sectors", m.sizeSectors())
                .put("table", m.tableText()).put("status", m.statusText());
    }

    private static JsonObject mapJson(DaemonSnapshot.MapView m) {
        return snapshotJson(m);
    }

    private static JsonObject pathResult(String path, DevT devt, ObservedMap m) {
        String st = "undef";
        if (m.status() != null) {
            for (var g : m.status().groups()) {
                for (var ps : g.paths()) if (ps.devt().equals(devt)) st = ps.active() ? "active" : "failed";
            }
        }
        return new JsonObject().put("path", path).put("dev_t", devt.toString()).put("dm_st", st).put("map", mapJson(m));
    }
}
