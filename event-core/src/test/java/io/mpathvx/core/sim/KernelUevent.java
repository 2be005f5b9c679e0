package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.RawUevent;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A kernel-format uevent datagram parsed strictly for tests: {@code ACTION@DEVPATH\0} then {@code KEY=VALUE\0}s, with
 * ACTION/DEVPATH agreeing with the header and SEQNUM present. Throws IllegalArgumentException on anything else.
 */
record KernelUevent(String action, String devpath, Map<String, String> env, List<String> keyOrder) {
    static KernelUevent parse(RawUevent raw) {
        return parse(raw.data());
    }

    static KernelUevent parse(byte[] data) {
        if (data.length == 0 || data[data.length - 1] != 0) throw new IllegalArgumentException("datagram does not end in NUL");
        String text = new String(data, 0, data.length - 1, StandardCharsets.UTF_8);
        String[] parts = text.split("\0", -1);
        int at = parts[0].indexOf('@');
        if (at <= 0) throw new IllegalArgumentException("no ACTION@DEVPATH header: " + parts[0]);
        Map<String, String> env = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("not KEY=VALUE: '" + parts[i] + "'");
            String key = parts[i].substring(0, eq);
            if (env.put(key, parts[i].substring(eq + 1)) != null) throw new IllegalArgumentException("duplicate key " + key);
            order.add(key);
        }
        String action = parts[0].substring(0, at);
        String devpath = parts[0].substring(at + 1);
        if (!action.equals(env.get("ACTION"))) throw new IllegalArgumentException("ACTION disagrees with header");
        if (!devpath.equals(env.get("DEVPATH"))) throw new IllegalArgumentException("DEVPATH disagrees with header");
        if (!env.containsKey("SEQNUM") || !env.containsKey("SUBSYSTEM")) throw new IllegalArgumentException("SEQNUM or SUBSYSTEM missing");
        return new KernelUevent(action, devpath, env, order);
    }

    long seqnum() {
        return Long.parseLong(env.get("SEQNUM"));
    }

    String get(String key) {
        return env.get(key);
    }
}
