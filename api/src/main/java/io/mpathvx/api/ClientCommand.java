package io.mpathvx.api;

import io.vertx.core.json.JsonObject;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code mpathvx <command...>}: sends a multipathd command to the running daemon over its admin socket and prints
 * the reply, as {@code multipathd <command>} / {@code multipathd -k"<command>"} do. A few {@code multipath} verbs are
 * translated: {@code -ll}/{@code -l} (show topology), {@code -f MAP} (flush it), {@code -F} (flush all unused).
 * Exit codes: 0 ok, 1 the daemon answered "fail" or could not be reached, 2 usage.
 */
final class ClientCommand {
    private ClientCommand() {
    }

    static boolean isClientCommand(String[] args) {
        if (args.length == 0) return false;
        String a = args[0];
        if (a.equals("daemon") || a.equals("dry-run")) return false;
        return !a.startsWith("--") || a.equals("--socket") || a.startsWith("--socket=") || a.equals("--json");
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        String socket = System.getenv().getOrDefault("MPATHVX_SOCKET", AdminSocket.defaultPath());
        boolean json = false;
        List<String> words = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--socket") && i + 1 < args.length) socket = args[++i];
            else if (a.startsWith("--socket=")) socket = a.substring(9);
            else if (a.equals("--json")) json = true;
            else if (words.isEmpty() && (a.equals("ensure") || a.equals("release"))) {
                return LunCommand.run(Path.of(socket), a, java.util.Arrays.copyOfRange(args, i + 1, args.length), out, err);
            }
            else if (a.startsWith("-k") && a.length() > 2) words.add(a.substring(2));
            else if (a.equals("-k") && i + 1 < args.length) words.add(args[++i]);
            else if (a.equals("-ll") || a.equals("-l")) words.add("show topology");
            else if (a.equals("-f") && i + 1 < args.length) words.add("del map " + quote(args[++i]));
            else if (a.equals("-F")) words.add("del maps");
            else if (a.startsWith("-") && !a.equals("-")) {
                err.println("mpathvx: unknown option " + a + ". Try 'mpathvx --help'.");
                return Main.USAGE;
            } else words.add(words.isEmpty() ? a : quote(a));
        }
        if (words.isEmpty()) {
            err.println("mpathvx: no command. Try 'mpathvx --help'.");
            return Main.USAGE;
        }
        String line = String.join(" ", words);
        if (json) line = withJson(line);
        String bad = unknown(line);
        if (bad != null) {
            err.println("mpathvx: unknown command '" + line + "' (" + bad + "). Try 'mpathvx --help'.");
            return Main.USAGE;
        }
        JsonObject reply;
        try {
            reply = send(Path.of(socket), line);
        } catch (IOException e) {
            err.println("mpathvx: cannot reach the daemon at " + socket + ": " + e.getMessage());
            return Main.FAILURE;
        }
        String text = reply.getString("reply", reply.getString("error", ""));
        (reply.getBoolean("ok", false) ? out : err).print(text.isEmpty() || text.endsWith("\n") ? text : text + "\n");
        return reply.getBoolean("ok", false) ? Main.OK : Main.FAILURE;
    }

    /** Why multipathd would not run {@code line}, or null if it would: checked here, before asking the daemon. */
    private static String unknown(String line) {
        try {
            return io.mpathvx.api.cli.CliParser.parse(line).handler().isPresent() ? null : "no such command";
        } catch (io.mpathvx.api.cli.CliParseException e) {
            return switch (e.error()) {
                case ESRCH, ENOENT -> "a word that is no keyword";
                case EINVAL -> "a missing argument";
                case ENOMEM -> "empty";
            };
        }
    }

    /** Words with blanks are quoted as multipathd's tokenizer reads them (a quote inside is doubled). */
    private static String quote(String word) {
        if (!word.isEmpty() && word.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '"' || c == '#' || c == '!'
                || c == '{' || c == '}')) return word;
        return "\"" + word.replace("\"", "\"\"") + "\"";
    }

    /** {@code --json}: the JSON form of a listing (show maps json, show map X json). */
    static String withJson(String line) {
        String l = line.trim().replaceAll("\\s+", " ");
        if (l.matches("(show|list) (maps|multipaths|topology)( topology)?")) return "show maps json";
        if (l.matches("(show|list) (map|multipath) \\S+( topology)?")) return l.replaceAll(" topology$", "") + " json";
        return line;
    }

    /** POST /v1/cli with the command line. */
    static JsonObject send(Path socket, String line) throws IOException {
        return request(socket, "POST", "/v1/cli", new JsonObject().put("command", line));
    }

    /** One HTTP/1.1 request over the Unix socket with a JSON body; the JSON answer, read until the daemon closes. */
    static JsonObject request(Path socket, String method, String target, JsonObject json) throws IOException {
        byte[] body = json.encode().getBytes(StandardCharsets.UTF_8);
        String head = method + " " + target + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n";
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer req = ByteBuffer.allocate(head.length() + body.length);
            req.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
            while (req.hasRemaining()) ch.write(req);
            ByteArrayOutputStream resp = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
            while (ch.read(buf) >= 0) {
                resp.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return parse(resp.toString(StandardCharsets.UTF_8));
        }
    }

    private static JsonObject parse(String response) throws IOException {
        int split = response.indexOf("\r\n\r\n");
        if (!response.startsWith("HTTP/1.") || split < 0) throw new IOException("not an HTTP answer");
        String status = response.substring(0, response.indexOf("\r\n"));
        String body = response.substring(split + 4);
        try {
            return new JsonObject(body);
        } catch (RuntimeException e) {
            throw new IOException("unexpected answer: " + status);
        }
    }
}
