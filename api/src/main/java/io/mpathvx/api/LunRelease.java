package io.mpathvx.api;

import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.kernel.Sysfs;
import io.mpathvx.reconciler.MapAction;
import io.mpathvx.reconciler.exec.MapOutcome;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * {@code DELETE /v1/luns/WWID}: takes a LUN's map away for good. Refused (typed {@code in_use}, with the open count and
 * the holders by name) while the map is open, unless forced. Otherwise: the LUN is marked released first (persisted,
 * so neither a late uevent nor a restart brings the map back), queueing is turned off (so the flush cannot hang on
 * queued I/O, as multipathd's flush_map_nopaths does before its remove), the map is removed, the SCSI devices are
 * deleted if asked, and the WWID leaves the wwids file. A LUN with no map answers 200, "already gone". Sysfs and
 * ioctls run on workers; kernel actions go through the reconciler in the map's order.
 */
final class LunRelease {
    private static final Logger LOG = Logger.getLogger(LunRelease.class.getName());

    record Request(boolean deletePaths, boolean force) {
    }

    private final Vertx vertx;
    private final Daemon daemon;
    private final AdminActions actions;

    LunRelease(Vertx vertx, Daemon daemon, AdminActions actions) {
        this.vertx = vertx;
        this.daemon = daemon;
        this.actions = actions;
    }

    Future<JsonObject> release(String wwid, Request req, String who) {
        LOG.info(() -> "operator request from " + who + ": release LUN " + wwid + (req.deletePaths() ? " (delete paths)" : "")
                + (req.force() ? " (force)" : ""));
        DaemonSnapshot s = daemon.snapshot();
        var map = s.map(wwid).filter(m -> m.wwid().equals(wwid) && m.table() != null).orElse(null);
        List<String> paths = new ArrayList<>();
        s.pathsOf(wwid).forEach(p -> paths.add(p.name()));
        JsonObject out = new JsonObject().put("wwid", wwid);
        if (map == null) {
            return daemon.reconciler().release(wwid).compose(v -> finish(wwid, paths, req, out.put("already_gone", true)));
        }
        String name = map.name();
        return vertx.executeBlocking(() -> inUse(name), false).compose(use -> {
            if (use != null && !req.force()) {
                return Future.failedFuture(new LunRefusal(LunRefusal.Reason.IN_USE, "map " + name + " of LUN " + wwid
                        + " is in use (" + use.describe() + "): unmount it or deactivate its holders first", use.json()));
            }
            out.put("name", name).put("forced", use != null);
            return daemon.reconciler().release(wwid)
                    .compose(v -> daemon.queueing(name, true))
                    .compose(v -> run(new MapAction.FailIfNoPath(name)))
                    .compose(v -> run(new MapAction.Remove(name, use != null)))
                    .compose(removed -> {
                        if (removed.ok()) return finish(wwid, paths, req, out.put("queueing_disabled", true).put("removed",
                                removed.after() == null ? "now" : "when closed (deferred)"));
                        return undo(wwid, name, who).compose(v -> Future.failedFuture(refusal(wwid, name, removed)));
                    });
        });
    }

    /** The map is there and in use: its open count and holders; null when it is free. */
    private record Use(int openCount, List<String> holders) {
        String describe() {
            return "open count " + openCount + (holders.isEmpty() ? "" : ", holders " + String.join(", ", holders));
        }

        JsonObject json() {
            return new JsonObject().put("open_count", openCount).put("holders", new JsonArray(new ArrayList<>(holders)));
        }
    }

    /** On a worker: the kernel's open count now, and the devices stacked on the map by name (LVM and the like). */
    private Use inUse(String name) throws Exception {
        DmInfo info = daemon.kernel().dm().info(name);
        Sysfs sysfs = daemon.kernel().sysfs();
        List<String> holders = new ArrayList<>();
        if (info.devt() != null) {
            String base = "block/dm-" + info.devt().minor();
            for (String h : sysfs.list(base + "/holders")) {
                holders.add(sysfs.read("block/" + h + "/dm/name").map(n -> n.strip() + " (" + h + ")").orElse(h));
            }
        }
        return info.openCount() > 0 || !holders.isEmpty() ? new Use(info.openCount(), holders) : null;
    }

    private Future<MapOutcome> run(MapAction a) {
        return daemon.reconciler().applyAndWait(List.of(a));
    }

    /** The map stayed (opened meanwhile, or the kernel refused): it is the daemon's again, queueing as configured. */
    private Future<Void> undo(String wwid, String name, String who) {
        return daemon.reconciler().ensure(wwid, false)
                .compose(v -> actions.restoreQueueing(name, who).<Void>mapEmpty().otherwiseEmpty());
    }

    private static LunRefusal refusal(String wwid, String name, MapOutcome out) {
        if (out.error().errno() == Errno.EBUSY) {
            int open = out.after() == null || out.after().info() == null ? -1 : out.after().info().openCount();
            return new LunRefusal(LunRefusal.Reason.IN_USE, "map " + name + " of LUN " + wwid + " is in use (open count "
                    + open + ")", new JsonObject().put("open_count", open).put("holders", new JsonArray()));
        }
        return new LunRefusal(LunRefusal.Reason.KERNEL_ERROR, "removing map " + name + " failed: " + out.error().getMessage(),
                new JsonObject().put("kernel_error", out.error().getMessage()).put("errno", out.error().errno().name()));
    }

    /** After the map: the SCSI devices if asked, then the WWID out of the wwids file. */
    private Future<JsonObject> finish(String wwid, List<String> paths, Request req, JsonObject out) {
        Future<JsonArray> deleted = req.deletePaths() ? vertx.executeBlocking(() -> deletePaths(paths), false)
                : Future.succeededFuture(new JsonArray());
        return deleted.compose(d -> daemon.reconciler().forgetWwid(wwid).map(v -> out.put("paths_deleted", d)
                .put("wwid_forgotten", true)));
    }

    /** On a worker: writes 1 to each path's device/delete, as {@code echo 1 > /sys/block/sdX/device/delete}. */
    private JsonArray deletePaths(List<String> paths) throws IOException {
        JsonArray done = new JsonArray();
        for (String p : paths) {
            try {
                daemon.kernel().sysfs().write("block/" + p + "/device/delete", "1");
                done.add(p);
            } catch (java.nio.file.NoSuchFileException e) {
                // gone already
            }
        }
        return done;
    }
}
