package io.mpathvx.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A bare HTTP/1.1 exchange over a Unix socket: the bytes go out exactly as given, so tests can send malformed ones. */
final class SocketHttp {
    record Response(int status, String body) {
    }

    private SocketHttp() {
    }

    static Response request(Path socket, String method, String path, String body) throws IOException {
        byte[] b = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        String head = method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + (body == null ? "" : "Content-Type: application/json\r\nContent-Length: " + b.length + "\r\n") + "\r\n";
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[h.length + b.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(b, 0, all, h.length, b.length);
        return raw(socket, all, false);
    }

    /**
     * Sends {@code bytes} and reads until the server closes; status 0 when the answer is not HTTP (or none came).
     * {@code endInput}: shut our side down after sending, for requests the server would otherwise wait on (an
     * incomplete head, a body shorter than its Content-Length).
     */
    static Response raw(Path socket, byte[] bytes, boolean endInput) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap(bytes);
            try {
                while (out.hasRemaining()) ch.write(out);
                if (endInput) ch.shutdownOutput();
            } catch (IOException e) {
                // the server may answer (413) and close before it read everything
            }
            ByteArrayOutputStream in = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(16384);
            try {
                while (ch.read(buf) >= 0) {
                    in.write(buf.array(), 0, buf.position());
                    buf.clear();
                }
            } catch (IOException e) {
                // reset after the answer: keep what came
            }
            String text = in.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.1 ")) return new Response(0, text);
            int status = Integer.parseInt(text.substring(9, 12));
            int split = text.indexOf("\r\n\r\n");
            return new Response(status, split < 0 ? "" : text.substring(split + 4));
        }
    }
}
