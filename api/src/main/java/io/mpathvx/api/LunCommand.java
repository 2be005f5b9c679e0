package io.mpathvx.api;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * {@code mpathvx ensure WWID [--min-paths N] [--timeout S] [--force]} and {@code mpathvx release WWID [--delete-paths]
 * [--force]}: the LUN contract for drivers that shell out. Prints the daemon's JSON answer (stdout on success, stderr
 * on a refusal) and exits with a code per reason: 0 done, 1 daemon unreachable or another error, 2 usage,
 * 10 blacklisted, 11 not_multipathed, 12 size_mismatch, 13 no_paths, 14 kernel_error, 15 timeout, 16 in_use.
 */
final class LunCommand {
    private LunCommand() {
    }

    static int run(Path socket, String verb, String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].startsWith("-")) return usage(err, verb + " needs a WWID");
        String wwid = args[0];
        JsonObject body = new JsonObject();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            boolean hasValue = i + 1 < args.length;
            if (verb.equals("ensure") && a.equals("--min-paths") && hasValue && args[i + 1].matches("\\d{1,4}")) {
                body.put("minPaths", Integer.parseInt(args[++i]));
            } else if (verb.equals("ensure") && a.equals("--timeout") && hasValue && args[i + 1].matches("\\d{1,6}(\\.\\d{1,3})?")) {
                body.put("timeoutMs", Math.round(Double.parseDouble(args[++i]) * 1000));
            } else if (a.equals("--force")) {
                body.put("force", true);
            } else if (verb.equals("release") && a.equals("--delete-paths")) {
                body.put("deletePaths", true);
            } else {
                return usage(err, "unknown or incomplete option " + a + " for " + verb);
            }
        }
        JsonObject reply;
        try {
            String target = "/v1/luns/" + java.net.URLEncoder.encode(wwid, java.nio.charset.StandardCharsets.UTF_8);
            reply = ClientCommand.request(socket, verb.equals("ensure") ? "PUT" : "DELETE", target, body);
        } catch (IOException e) {
            err.println("mpathvx: cannot reach the daemon at " + socket + ": " + e.getMessage());
            return Main.FAILURE;
        }
        if (!reply.containsKey("error")) {
            out.println(reply.encodePrettily());
            return Main.OK;
        }
        err.println(reply.encodePrettily());
        LunRefusal.Reason reason = LunRefusal.Reason.of(reply.getString("reason"));
        return reason == null ? Main.FAILURE : reason.exitCode;
    }

    private static int usage(PrintStream err, String why) {
        err.println("mpathvx: " + why + ". Usage: mpathvx ensure WWID [--min-paths N] [--timeout SECONDS] [--force] | "
                + "mpathvx release WWID [--delete-paths] [--force]");
        return Main.USAGE;
    }
}
