package io.mpathvx.api;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A Server-Sent Events reader over a Unix or TCP socket: a thread parses the stream into events as they arrive. */
final class SseClient implements AutoCloseable {
    record Event(long id, String type, String data) {
    }

    final List<Event> events = new CopyOnWriteArrayList<>();
    private final SocketChannel ch;
    private final Thread reader;
    volatile int status;

    /** @param lastEventId null for none */
    SseClient(SocketAddress address, String lastEventId) throws IOException {
        ch = SocketChannel.open(address instanceof java.net.UnixDomainSocketAddress
                ? java.net.StandardProtocolFamily.UNIX : java.net.StandardProtocolFamily.INET);
        ch.connect(address);
        String req = "GET /v1/events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n";
        ch.write(ByteBuffer.wrap(req.getBytes(StandardCharsets.US_ASCII)));
        reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        StringBuilder text = new StringBuilder();
        ByteBuffer buf = ByteBuffer.allocate(65536);
        try {
            while (ch.read(buf) >= 0) {
                text.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
                buf.clear();
                parse(text);
            }
        } catch (IOException e) {
            // closed
        }
    }

    /** Takes whole events ("...\n\n") out of the text; chunked framing lines are skipped. */
    private void parse(StringBuilder text) {
        if (status == 0) {
            int head = text.indexOf("\r\n\r\n");
            if (head < 0) return;
            status = Integer.parseInt(text.substring(9, 12));
            text.delete(0, head + 4);
        }
        int end;
        while ((end = text.indexOf("\n\n")) >= 0) {
            String block = text.substring(0, end);
            text.delete(0, end + 2);
            long id = -1;
            String type = null;
            String data = null;
            List<String> lines = new ArrayList<>(List.of(block.split("\r?\n")));
            for (String l : lines) {
                if (l.startsWith("id: ")) id = Long.parseLong(l.substring(4));
                else if (l.startsWith("event: ")) type = l.substring(7);
                else if (l.startsWith("data: ")) data = l.substring(6);
            }
            if (type != null) events.add(new Event(id, type, data));
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
