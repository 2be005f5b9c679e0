package io.mpathvx.api;

import io.mpathvx.api.cli.CliHelp;
import io.mpathvx.api.cli.CliMap;
import io.mpathvx.api.cli.CliParseException;
import io.mpathvx.api.cli.CliParser;
import io.mpathvx.api.cli.CliView;
import io.mpathvx.api.cli.Command;
import io.mpathvx.api.cli.Handler;
import io.mpathvx.api.cli.JsonLayout;
import io.mpathvx.api.cli.Keyword;
import io.mpathvx.api.cli.TextLayout;
import io.mpathvx.api.cli.TopologyLayout;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Map;

/**
 * multipathd's command dispatcher (mirrors multipathd/uxlsnr.c parse_cmd + callbacks.c): a command line is parsed,
 * its handler found by fingerprint, and run — reads render the snapshot in multipathd's layouts, actions go through
 * {@link AdminActions}. Replies are multipathd's: the text, {@code ok}, or {@code fail} followed by the reason.
 */
final class CliCommands {
    /** A reply: {@code ok} false when multipathd would have answered "fail". */
    record Reply(boolean ok, String text) {
        static Reply fail(String why) {
            return new Reply(false, "fail\n" + (why == null || why.isEmpty() ? "" : why + "\n"));
        }
    }

    private final io.vertx.core.Vertx vertx;
    private final DaemonSnapshot snapshot;
    private final AdminActions actions;
    private final String versionLine;

    CliCommands(io.vertx.core.Vertx vertx, DaemonSnapshot snapshot, AdminActions actions) {
        this.vertx = vertx;
        this.snapshot = snapshot;
        this.actions = actions;
        this.versionLine = "mpathvx " + Main.version() + "\n";
    }

    Future<Reply> run(String line, String who) {
        Command cmd;
        try {
            cmd = CliParser.parse(line);
        } catch (CliParseException e) {
            return Future.succeededFuture(new Reply(false, CliHelp.parseFailure(line, e.error(), versionLine)));
        }
        Handler h = cmd.handler().orElse(null);
        if (h == null) return Future.succeededFuture(new Reply(false, CliHelp.noHandler(line, versionLine)));
        if (h.keywords().get(0) == Keyword.VRB_LIST) {
            // a listing walks every map: on a worker, so no event loop (the daemon's may be the same) waits for it
            return vertx.executeBlocking(() -> {
                try {
                    return dispatch(h, cmd, who).result();
                } catch (RuntimeException e) {
                    return Reply.fail(e.getMessage());
                }
            }, false);
        }
        try {
            Future<Reply> r = dispatch(h, cmd, who);
            return r.recover(err -> Future.succeededFuture(Reply.fail(err.getMessage())));
        } catch (RuntimeException e) { // AdminException, or a malformed WWID
            return Future.succeededFuture(Reply.fail(e.getMessage()));
        }
    }

    private Future<Reply> dispatch(Handler h, Command cmd, String who) {
        String map = cmd.param(Keyword.KEY_MAP).orElse(null);
        String path = cmd.param(Keyword.KEY_PATH).orElse(null);
        String fmt = cmd.param(Keyword.KEY_FMT).orElse(null);
        return switch (h) {
            case LIST_MAPS -> text(TextLayout.maps(view(), TextLayout.MAP_NAMES));
            case LIST_MAPS_STATUS -> text(TextLayout.maps(view(), TextLayout.MAP_STATUS));
            case LIST_MAPS_STATS -> text(TextLayout.maps(view(), TextLayout.MAP_STATS));
            case LIST_MAPS_FMT -> text(TextLayout.maps(view(), fmt));
            case LIST_MAPS_RAW_FMT -> text(TextLayout.mapsRaw(view(), fmt));
            case LIST_MAPS_TOPOLOGY, LIST_TOPOLOGY -> text(TopologyLayout.maps(view()));
            case LIST_MAPS_JSON -> text(JsonLayout.maps(view()));
            case LIST_MAP_TOPOLOGY -> text(TopologyLayout.map(view(), cliMap(map)));
            case LIST_MAP_FMT, LIST_MAP_RAW_FMT -> text(TextLayout.map(view(), cliMap(map), fmt));
            case LIST_MAP_JSON -> text(JsonLayout.map(cliMap(map)));
            case LIST_PATHS -> text(TextLayout.paths(view(), TextLayout.PATH_CHECKER));
            case LIST_PATHS_FMT -> text(TextLayout.paths(view(), fmt));
            case LIST_PATHS_RAW_FMT -> text(TextLayout.pathsRaw(view(), fmt));
            case LIST_PATH -> text(TextLayout.path(view().paths().stream()
                    .filter(p -> p.dev().equals(path) || p.devT().equals(path)).findFirst()
                    .orElseThrow(() -> new AdminActions.AdminException(404, "no path " + path))));
            case LIST_WILDCARDS -> text(TextLayout.wildcards());
            case LIST_STATUS -> text(status());
            case LIST_DAEMON -> text("pid " + ProcessHandle.current().pid() + " " + snapshot.phase().name().toLowerCase() + "\n");
            case FAIL_PATH -> ok(actions.failPath(path, who));
            case REINSTATE_PATH -> ok(actions.reinstatePath(path, who));
            case SWITCH_MAP_GROUP -> ok(actions.switchGroup(map, cmd.param(Keyword.KEY_GROUP).orElse(""), who));
            case DISABLEQ_MAP -> ok(actions.disableQueueing(map, who));
            case RESTOREQ_MAP -> ok(actions.restoreQueueing(map, who));
            case DISABLEQ_MAPS -> ok(actions.allMaps(true, who));
            case RESTOREQ_MAPS -> ok(actions.allMaps(false, who));
            case SUSPEND_MAP -> ok(actions.suspend(map, who));
            case RESUME_MAP -> ok(actions.resume(map, who));
            case RESIZE_MAP -> ok(actions.resize(map, who));
            case RELOAD_MAP -> ok(actions.reload(map, who));
            case DEL_MAP -> ok(actions.flush(map, who));
            case DEL_MAPS -> actions.flushAllUnused(who).map(j -> j.getJsonArray("kept").isEmpty() ? new Reply(true, "ok\n")
                    : Reply.fail(j.getJsonArray("kept").encode()));
            case ADD_MAP -> ok(actions.addMap(map, who));
            case RECONFIGURE, RECONFIGURE_ALL -> ok(actions.reconfigure(who));
            case SHUTDOWN -> {
                actions.shutdown(who);
                yield text("ok\n");
            }
            case QUIT -> text("");
            default -> Future.succeededFuture(Reply.fail(h.verb() + ": not supported by mpathvx yet"));
        };
    }

    private CliView view() {
        return SnapshotCliView.of(snapshot);
    }

    private CliMap cliMap(String key) {
        DaemonSnapshot.MapView m = actions.map(key);
        if (m.table() == null) throw new AdminActions.AdminException(404, "map " + key + " has no live table");
        return SnapshotCliView.map(snapshot, m);
    }

    /** Mirrors cli_list_status: the path count per checker state, then the daemon's state. */
    private String status() {
        Map<String, Long> byState = new java.util.TreeMap<>();
        for (DaemonSnapshot.PathView p : snapshot.paths()) byState.merge(p.checkerState().toLowerCase(), 1L, Long::sum);
        StringBuilder sb = new StringBuilder("path checker states:\n");
        byState.forEach((k, v) -> sb.append(String.format("%-20s%d%n", k, v)));
        sb.append("\npaths: ").append(snapshot.pathCount()).append('\n');
        sb.append("busy: ").append(snapshot.phase() == DaemonSnapshot.Phase.RUNNING ? "False" : "True").append('\n');
        return sb.toString();
    }

    private static Future<Reply> text(String s) {
        return Future.succeededFuture(new Reply(true, s));
    }

    private static Future<Reply> ok(Future<JsonObject> action) {
        return action.map(j -> new Reply(true, "ok\n"));
    }
}
