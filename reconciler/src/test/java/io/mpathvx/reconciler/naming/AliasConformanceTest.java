package io.mpathvx.reconciler.naming;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/** All 101 cases of conformance/alias.json (multipath-tools tests/alias.c). */
class AliasConformanceTest {
    private static final JsonObject FILE = load();

    private static JsonObject load() {
        try (InputStream in = AliasConformanceTest.class.getResourceAsStream("/conformance/alias.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void fileHasAllCasesAndTheHeaderMatches() {
        assertEquals(101, FILE.getJsonArray("cases").size());
        assertEquals(FILE.getString("bindings_file_header"), Bindings.HEADER);
    }

    @TestFactory
    Stream<DynamicTest> cases() {
        List<DynamicTest> out = new ArrayList<>();
        for (Object o : FILE.getJsonArray("cases")) {
            JsonObject c = (JsonObject) o;
            out.add(DynamicTest.dynamicTest(c.getString("op") + " " + c.getString("id"), () -> run(c)));
        }
        return out.stream();
    }

    private static void run(JsonObject c) throws Exception {
        switch (c.getString("op")) {
            case "format_alias" -> formatAlias(c);
            case "scan_alias" -> assertEquals(c.getInteger("expect"), AliasCodec.scan(c.getString("alias"), c.getString("prefix")));
            case "roundtrip_property" -> roundTrip(c);
            case "lookup_or_free_id" -> lookupOrFreeId(c);
            case "wwid_for_alias" -> wwidForAlias(c);
            case "allocate_binding" -> allocateBinding(c);
            case "get_user_friendly_alias" -> getUserFriendlyAlias(c);
            case "bindings_order" -> bindingsOrder(c);
            default -> fail("unknown op " + c.getString("op"));
        }
    }

    private static void formatAlias(JsonObject c) {
        String name = AliasCodec.format(c.getString("prefix"), c.getInteger("index"));
        Integer capacity = c.getInteger("output_capacity");
        // The C test writes into a buffer of that many bytes including the terminating NUL.
        if (name != null && capacity != null && name.length() + 1 > capacity) name = null;
        assertEquals(c.getString("expect"), name);
    }

    private static void roundTrip(JsonObject c) {
        JsonArray range = c.getJsonArray("index_range");
        String prefix = c.getString("prefix");
        for (int i = range.getInteger(0); i <= range.getInteger(1); i++) {
            String name = AliasCodec.format(prefix, i);
            assertTrue(name.length() >= 6 && name.length() <= 8, name);
            assertEquals(i, AliasCodec.scan(name, prefix), name);
        }
    }

    /** Answers device-mapper probes from the case's list, in order, and fails on any probe the case does not list. */
    private static final class ScriptedProbe implements NameProbe {
        private final JsonArray script;
        private int next;

        ScriptedProbe(JsonArray script) {
            this.script = script == null ? new JsonArray() : script;
        }

        @Override
        public String wwidOfMap(String name) {
            assertTrue(next < script.size(), "unexpected probe of " + name);
            JsonObject p = script.getJsonObject(next++);
            assertEquals(p.getString("alias"), name, "probe #" + next);
            return switch (p.getString("dm")) {
                case "absent" -> null;
                case "other_wwid", "same_wwid" -> p.getString("dm_wwid");
                default -> throw new AssertionError(p.encode());
            };
        }

        void assertAllUsed() {
            assertEquals(script.size(), next, "probes made");
        }
    }

    private static void lookupOrFreeId(JsonObject c) {
        ScriptedProbe probe = new ScriptedProbe(c.getJsonArray("dm_probes"));
        FriendlyNames.Lookup r = FriendlyNames.lookupOrFreeId(Bindings.parse(c.getString("bindings_file")),
                c.getString("wwid"), c.getString("prefix"), probe);
        JsonObject e = c.getJsonObject("expect");
        assertEquals(e.getBoolean("found"), r.found());
        if (r.found()) {
            assertEquals(e.getString("alias"), r.alias());
        } else {
            assertEquals(e.getInteger("free_id"), r.freeId());
            assertEquals(e.getString("free_alias"), r.alias());
        }
        probe.assertAllUsed();
    }

    private static void wwidForAlias(JsonObject c) {
        String wwid = Bindings.parse(c.getString("bindings_file")).wwidFor(c.getString("alias"));
        JsonObject e = c.getJsonObject("expect");
        assertEquals(e.getBoolean("found"), wwid != null);
        assertEquals(e.getString("wwid"), wwid);
    }

    /** Simulates the file-write outcomes the C test injects, through the same writeFully loop the real writer uses. */
    private static BindingsFile.ContentWriter writer(String mode, StringBuilder written) {
        return content -> {
            ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            WritableByteChannel ch = switch (mode == null ? "ok" : mode) {
                case "ok", "rename_error" -> channel(written, Integer.MAX_VALUE, false);
                case "ok_after_partial_write" -> channel(written, 17, false);
                case "write_returns_zero" -> channel(written, 0, false);
                case "write_error" -> channel(written, 0, true);
                default -> throw new AssertionError(mode);
            };
            LockedFile.writeFully(ch, buf);
            if ("rename_error".equals(mode)) throw new IOException("rename failed");
        };
    }

    private static WritableByteChannel channel(StringBuilder sink, int maxPerCall, boolean error) {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                if (error) throw new IOException("EIO");
                int n = Math.min(maxPerCall, src.remaining());
                byte[] b = new byte[n];
                src.get(b);
                sink.append(new String(b, StandardCharsets.UTF_8));
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    private static void allocateBinding(JsonObject c) {
        Bindings current = Bindings.parse(c.getString("bindings_file"));
        String alias = AliasCodec.format(c.getString("prefix"), c.getInteger("index"));
        StringBuilder written = new StringBuilder();
        Bindings next = alias == null ? null
                : BindingsFile.add(current, new Binding(alias, c.getString("wwid")), writer(c.getString("file_write"), written));
        JsonObject e = c.getJsonObject("expect");
        assertEquals(e.getString("alias"), next == null ? null : alias);
        assertEquals(e.getInteger("bindings_count"), (next == null ? current : next).size());
        if (e.containsKey("file_content")) assertEquals(e.getString("file_content"), written.toString());
    }

    private static void getUserFriendlyAlias(JsonObject c) {
        Bindings current = Bindings.parse(c.getString("bindings_file"));
        ScriptedProbe probe = new ScriptedProbe(c.getJsonArray("dm_probes"));
        FriendlyNames.Choice choice = FriendlyNames.choose(current, c.getString("wwid"), c.getString("alias_old"),
                c.getString("prefix"), c.getBoolean("bindings_read_only"), probe);
        probe.assertAllUsed();
        String alias = choice.alias();
        StringBuilder written = new StringBuilder();
        if (choice.allocate() != null) {
            Bindings next = BindingsFile.add(current, choice.allocate(), writer(c.getString("file_write"), written));
            if (next == null) alias = null;
        }
        JsonObject e = c.getJsonObject("expect");
        assertEquals(e.getString("alias"), alias);
        JsonObject nb = e.getJsonObject("new_binding");
        assertEquals(nb == null ? null : new Binding(nb.getString("alias"), nb.getString("wwid")), choice.allocate());
        if (e.containsKey("file_size")) assertEquals(e.getInteger("file_size"), written.toString().getBytes(StandardCharsets.UTF_8).length);
    }

    private static void bindingsOrder(JsonObject c) {
        Bindings b = Bindings.parse(c.getString("bindings_file"));
        assertTrue(b.size() > 0);
        for (Object p : c.getJsonArray("prefixes")) {
            String prefix = (String) p;
            int last = 0;
            int seen = 0;
            for (Binding x : b.list()) {
                int id = AliasCodec.scan(x.alias(), prefix);
                if (id == -1) continue;
                assertTrue(id > last, "prefix '" + prefix + "': " + x.alias() + " after index " + last);
                last = id;
                seen++;
            }
            assertTrue(seen > 0, "no alias of prefix " + prefix);
        }
        // Conflicting lines (same alias, other wwid) are dropped: every alias appears once.
        assertEquals(b.size(), b.list().stream().map(Binding::alias).distinct().count());
        assertEquals(b.size(), Map.copyOf(b.list().stream().collect(java.util.stream.Collectors.toMap(Binding::alias, Binding::wwid))).size());
    }
}
