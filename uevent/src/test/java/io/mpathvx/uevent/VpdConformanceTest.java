package io.mpathvx.uevent;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.HexFormat;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** multipath-tools' tests/vpd.c vectors (conformance/vpd.json): VPD 0x80/0x83 → WWID, 128 cases. */
class VpdConformanceTest {
    private static final JsonObject FILE = Resources.json("conformance/vpd.json");

    @Test
    void everyCaseIsRun() {
        assertEquals(128, FILE.getJsonArray("cases").size());
    }

    @TestFactory
    Stream<DynamicTest> cases() {
        return FILE.getJsonArray("cases").stream().map(JsonObject.class::cast)
                .map(c -> DynamicTest.dynamicTest(c.getString("id"), () -> run(c)));
    }

    private static void run(JsonObject c) {
        byte[] page = HexFormat.of().parseHex(c.getString("page_hex"));
        int code = Integer.decode(c.getString("vpd_page"));
        VpdWwid.Result r = VpdWwid.decode(page, code, c.getInteger("wwid_buffer_size"));
        Object rc = c.getValue("expect_rc");
        int expectRc = rc instanceof Number n ? n.intValue() : c.getInteger("expect_rc_value");
        assertEquals(expectRc, r.rc(), "rc");
        if (c.getValue("expect_wwid") == null) assertNull(r.wwid());
        else assertEquals(c.getString("expect_wwid"), r.wwid());
    }
}
