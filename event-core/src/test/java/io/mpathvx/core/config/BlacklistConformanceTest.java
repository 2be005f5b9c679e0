package io.mpathvx.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** multipath-tools tests/blacklist.c vectors: single-category filters and the per-path filter. */
class BlacklistConformanceTest {
    private static final JsonObject FILE = Conformance.load("blacklist.json");
    private static final JsonArray CASES = FILE.getJsonArray("cases");

    @Test
    void allFiftySixCasesArePresent() {
        assertEquals(56, CASES.size());
    }

    @Test
    void resultCodesMatchTheConformanceTable() {
        JsonObject codes = FILE.getJsonObject("result_codes");
        assertEquals(codes.size(), BlacklistResult.values().length);
        for (BlacklistResult r : BlacklistResult.values()) assertEquals(codes.getInteger(r.name()), r.code(), r.name());
    }

    @Test
    void defaultDevnodeRulesAreUpstreams() {
        JsonObject named = FILE.getJsonObject("named_lists");
        assertEquals(named.getJsonArray("devnode_default_nvme_native_off").getString(0), Blacklist.DEFAULT_DEVNODE);
        assertEquals(named.getJsonArray("devnode_default_nvme_native_on").getString(0),
                Blacklist.DEFAULT_DEVNODE_NVME_NATIVE);
    }

    @TestFactory
    Stream<DynamicTest> cases() {
        return CASES.stream().map(o -> (JsonObject) o).map(c -> DynamicTest.dynamicTest(c.getString("id"), () -> {
            BlacklistResult r = evaluate(c);
            assertEquals(c.getString("expect"), r.name(), c.getString("description"));
            assertEquals(c.getInteger("expect_value"), r.code());
        }));
    }

    private static BlacklistResult evaluate(JsonObject c) {
        String filter = c.getString("filter");
        if (filter.equals("path")) {
            JsonObject cfg = c.getJsonObject("config");
            Blacklist bl = new Blacklist(lists(cfg, "blacklist_"), lists(cfg, "exceptions_"));
            JsonObject p = c.getJsonObject("path");
            return bl.filter(new PathFacts(p.getString("devnode"), p.getString("wwid"), p.getString("vendor"),
                    p.getString("product"), p.getString("protocol"), strings(p.getJsonArray("properties")),
                    p.getString("uid_attribute")));
        }
        Blacklist bl = new Blacklist(single(filter, c.getJsonArray("blacklist")),
                single(filter, c.getJsonArray("exceptions")));
        return switch (filter) {
            case "devnode" -> bl.filterDevnode(c.getString("devnode"));
            case "wwid" -> bl.filterWwid(c.getString("wwid"));
            case "protocol" -> bl.filterProtocol(c.getString("protocol"));
            case "device" -> bl.filterDevice(c.getString("vendor"), c.getString("product"));
            case "property" -> bl.filterProperty(strings(c.getJsonArray("properties")), c.getString("uid_attribute"));
            default -> throw new IllegalArgumentException("unknown filter " + filter);
        };
    }

    /** Lists where only the category under test is filled. */
    private static Blacklist.Lists single(String filter, JsonArray rules) {
        JsonObject cfg = new JsonObject();
        if (rules != null) cfg.put(filter, rules);
        return lists(cfg, "");
    }

    private static Blacklist.Lists lists(JsonObject cfg, String prefix) {
        return new Blacklist.Lists(rules(cfg.getJsonArray(prefix + "devnode")), rules(cfg.getJsonArray(prefix + "wwid")),
                rules(cfg.getJsonArray(prefix + "property")), rules(cfg.getJsonArray(prefix + "protocol")),
                deviceRules(cfg.getJsonArray(prefix + "device")));
    }

    private static List<BlacklistRule> rules(JsonArray a) {
        List<BlacklistRule> out = new ArrayList<>();
        if (a != null) for (Object o : a) out.add(BlacklistRule.of((String) o, Origin.BUILTIN));
        return out;
    }

    private static List<DeviceRule> deviceRules(JsonArray a) {
        List<DeviceRule> out = new ArrayList<>();
        if (a == null) return out;
        for (Object o : a) {
            JsonObject d = (JsonObject) o;
            out.add(new DeviceRule(BlacklistRule.of(d.getString("vendor"), Origin.BUILTIN),
                    BlacklistRule.of(d.getString("product"), Origin.BUILTIN)));
        }
        return out;
    }

    private static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        if (a != null) for (Object o : a) out.add((String) o);
        return out;
    }
}
