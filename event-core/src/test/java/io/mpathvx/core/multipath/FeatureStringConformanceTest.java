package io.mpathvx.core.multipath;

import io.mpathvx.core.multipath.FeatureString.FeatureStringException;
import io.mpathvx.core.multipath.FeatureString.QueueMode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** multipath-tools' features.c vectors (conformance/features.json): add, remove, queue_mode reconciliation. */
class FeatureStringConformanceTest {
    static JsonObject load(String name) throws IOException {
        try (InputStream in = FeatureStringConformanceTest.class.getResourceAsStream("/conformance/" + name)) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void allSeventyThreeCasesArePresent() throws IOException {
        assertEquals(73, load("features.json").getJsonArray("cases").size());
    }

    @TestFactory
    List<DynamicTest> cases() throws IOException {
        JsonArray cases = load("features.json").getJsonArray("cases");
        List<DynamicTest> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonObject c = cases.getJsonObject(i);
            tests.add(DynamicTest.dynamicTest(c.getString("id"), () -> run(c)));
        }
        return tests;
    }

    private static void run(JsonObject c) throws Exception {
        String op = c.getString("op");
        String features = c.getString("features");
        String feature = c.getString("feature");
        boolean absent = "absent".equals(c.getString("features_holder"));
        switch (op) {
            case "add_feature", "remove_feature" -> {
                boolean add = op.equals("add_feature");
                if (absent) {
                    assertEquals(1, c.getInteger("expect_rc"));
                    assertThrows(FeatureStringException.class, () -> {
                        if (add) FeatureString.add((AtomicReference<String>) null, feature);
                        else FeatureString.remove((AtomicReference<String>) null, feature);
                    });
                    return;
                }
                String result;
                int rc;
                try {
                    result = add ? FeatureString.add(features, feature) : FeatureString.remove(features, feature);
                    rc = 0;
                } catch (FeatureStringException e) {
                    result = features;
                    rc = 1;
                }
                assertEquals(c.getInteger("expect_rc"), rc, "rc");
                if (rc == 0 || c.containsKey("expect_features")) assertEquals(c.getString("expect_features"), result);
                if (Boolean.TRUE.equals(c.getBoolean("expect_unchanged"))) assertSame(features, result, "unchanged");
                // The in-place form agrees.
                AtomicReference<String> holder = new AtomicReference<>(features);
                if (rc == 0) {
                    if (add) FeatureString.add(holder, feature);
                    else FeatureString.remove(holder, feature);
                    assertEquals(result, holder.get());
                }
            }
            case "reconcile_queue_mode" -> {
                QueueMode configured = QueueMode.valueOf(c.getString("queue_mode").toUpperCase(Locale.ROOT));
                FeatureString.Reconciled r = FeatureString.reconcileQueueMode(features, configured);
                assertEquals(c.getString("expect_features"), r.features());
                assertEquals(c.getString("expect_queue_mode"), r.queueMode().name().toLowerCase(Locale.ROOT));
                if (Boolean.TRUE.equals(c.getBoolean("expect_unchanged"))) assertSame(features, r.features());
            }
            default -> throw new AssertionError("unknown op " + op);
        }
    }
}
