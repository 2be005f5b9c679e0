package io.mpathvx.uevent;

import io.mpathvx.core.kernel.RawUevent;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test data on the class path: conformance vectors and the captured uevent fixture. */
final class Resources {
    private Resources() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Resources.class.getResourceAsStream("/" + name)) {
            if (in == null) throw new IllegalStateException("missing test resource " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObject json(String name) {
        return new JsonObject(new String(bytes(name), StandardCharsets.UTF_8));
    }

    /**
     * The 110 captured datagrams (fixtures/README: u32 group, u32 sender pid, u32 length, bytes; little-endian).
     * The capture has no credentials; the kernel's and udevd's are both uid 0, so that is what is attached.
     */
    static List<RawUevent> fixture() {
        ByteBuffer b = ByteBuffer.wrap(bytes("fixtures/uevents-kernel6.1-scsi_debug.bin")).order(ByteOrder.LITTLE_ENDIAN);
        List<RawUevent> out = new ArrayList<>();
        while (b.hasRemaining()) {
            int group = b.getInt();
            int pid = b.getInt();
            byte[] data = new byte[b.getInt()];
            b.get(data);
            out.add(new RawUevent(group, pid, 0, data));
        }
        return out;
    }
}
