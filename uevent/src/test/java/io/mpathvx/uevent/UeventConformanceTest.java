package io.mpathvx.uevent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** multipath-tools' tests/uevent.c vectors (conformance/uevent.json). */
class UeventConformanceTest {
    private static final JsonObject FILE = Resources.json("conformance/uevent.json");

    @Test
    void everyCaseIsRun() {
        assertEquals(25, FILE.getJsonArray("cases").size());
    }

    @TestFactory
    Stream<DynamicTest> cases() {
        return FILE.getJsonArray("cases").stream().map(JsonObject.class::cast)
                .map(c -> DynamicTest.dynamicTest(c.getString("id"), () -> run(c)));
    }

    private static void run(JsonObject c) {
        switch (c.getString("kind")) {
            case "accessor" -> accessor(c);
            case "uid_attrs" -> uidAttrs(c);
            default -> throw new AssertionError("unknown kind " + c.getString("kind"));
        }
    }

    private static void accessor(JsonObject c) {
        List<String> env = new ArrayList<>();
        // the C test's uevent has its kernel name set separately; give it a DEVPATH ending in that name
        env.add("DEVPATH=/devices/test/block/" + c.getString("kernel"));
        c.getJsonArray("env").forEach(e -> env.add((String) e));
        Uevent ev = Uevent.fromEnvironment(env, Uevent.Source.UDEV);
        Object expect = c.getValue("expect");
        switch (c.getString("accessor")) {
            case "major" -> assertEquals(((Number) expect).intValue(), ev.major());
            case "minor" -> assertEquals(((Number) expect).intValue(), ev.minor());
            case "disk_ro" -> assertEquals(((Number) expect).intValue(), ev.diskRo());
            case "dm_name" -> assertEquals(expect, ev.dmName());
            case "is_mpath" -> assertEquals(expect, ev.isMultipath());
            case "wwid" -> assertEquals(expect, ev.wwid(UidAttributes.parse(c.getString("uid_attrs"))).orElse(null));
            default -> throw new AssertionError("unknown accessor " + c.getString("accessor"));
        }
    }

    private static void uidAttrs(JsonObject c) {
        UidAttributes attrs = UidAttributes.parse(c.getString("uid_attrs"));
        assertEquals(c.getInteger("expect_entry_count"), attrs.size());
        JsonArray lookups = c.getJsonArray("lookups");
        for (int i = 0; i < lookups.size(); i++) {
            JsonObject l = lookups.getJsonObject(i);
            String got = attrs.attributeFor(l.getString("device"));
            if (l.getValue("expect") == null) assertNull(got, l.encode());
            else assertEquals(l.getString("expect"), got, l.encode());
        }
    }
}
