package io.mpathvx.reconciler;

import io.mpathvx.core.config.MapSelection;
import io.mpathvx.core.config.MapSettings;
import io.mpathvx.core.config.PathSelection;
import io.mpathvx.core.config.Setting;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.PathGroup;
import io.mpathvx.reconciler.desired.PathInfo;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * A map's and its paths' effective settings as JSON, each {"value", "origin"} with multipathd's origin text
 * ("(setting: storage device autodetected)", ...), like {@code multipath -v3} logs them.
 */
final class EffectiveSettings {
    private EffectiveSettings() {
    }

    static JsonObject ofMap(MapPolicy policy) {
        JsonObject o = new JsonObject();
        MapSelection s = policy.selection();
        if (s == null) {   // not selected from devices: the values used, origins unknown
            o.put("path_grouping_policy", plain(policy.grouping().configName()));
            o.put("no_path_retry", plain(policy.noPathRetry().toString()));
            return o;
        }
        MapSettings c = s.configured();
        put(o, "path_grouping_policy", s.pathGroupingPolicy());
        put(o, "hardware_handler", s.hardwareHandler());
        put(o, "features", s.features());
        put(o, "no_path_retry", s.noPathRetry());
        put(o, "retain_attached_hw_handler", yesNo(s.retainAttachedHwHandler()));
        put(o, "detect_pgpolicy", yesNo(s.detectPgpolicy()));
        put(o, "detect_pgpolicy_use_tpg", yesNo(s.detectPgpolicyUseTpg()));
        put(o, "path_selector", c.pathSelector());
        put(o, "failback", c.failback());
        put(o, "rr_weight", c.rrWeight());
        put(o, "rr_min_io_rq", c.rrMinIoRq());
        put(o, "flush_on_last_del", c.flushOnLastDel());
        put(o, "user_friendly_names", yesNo(c.userFriendlyNames()));
        if (c.alias().value() != null) put(o, "alias", c.alias());
        return o;
    }

    /** Every path of the map in table order, with its group (1-based), priority and selections. */
    static JsonArray ofPaths(List<PathGroup> groups) {
        JsonArray out = new JsonArray();
        for (int g = 0; g < groups.size(); g++) {
            for (PathInfo p : groups.get(g).paths()) {
                JsonObject j = new JsonObject().put("name", p.path().name()).put("group", g + 1)
                        .put("priority", p.priority()).put("state", p.path().state().name().toLowerCase(java.util.Locale.ROOT));
                if (p.tpgId() >= 0) j.put("tpg", p.tpgId());
                PathSelection s = p.selection();
                if (s != null) {
                    put(j, "checker", s.checker());
                    put(j, "checker_timeout", s.checkerTimeout());
                    put(j, "prio", s.prio());
                    put(j, "prio_args", s.prioArgs());
                    put(j, "detect_prio", yesNo(s.detectPrio()));
                    put(j, "detect_checker", yesNo(s.detectChecker()));
                    j.put("tpgs", s.tpgs().name().toLowerCase(java.util.Locale.ROOT));
                    if (s.dhState() != null) j.put("dh_state", s.dhState());
                }
                out.add(j);
            }
        }
        return out;
    }

    private static Setting<String> yesNo(Setting<Boolean> b) {
        return new Setting<>(Boolean.TRUE.equals(b.value()) ? "yes" : "no", b.origin());
    }

    private static JsonObject plain(String value) {
        return new JsonObject().put("value", value);
    }

    private static void put(JsonObject o, String key, Setting<?> s) {
        o.put(key, new JsonObject().put("value", String.valueOf(s.value())).put("origin", s.origin().describe()));
    }
}
