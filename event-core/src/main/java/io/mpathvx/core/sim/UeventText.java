package io.mpathvx.core.sim;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A kernel uevent under construction, in the kernel's datagram layout: {@code ACTION@DEVPATH\0} then
 * {@code ACTION=, DEVPATH=, SUBSYSTEM=}, the event's own keys in order, and {@code SEQNUM=} last.
 */
final class UeventText {
    final String action;
    final String devpath;
    final String subsystem;
    private final List<String> keys = new ArrayList<>();

    UeventText(String action, String devpath, String subsystem) {
        this.action = action;
        this.devpath = devpath;
        this.subsystem = subsystem;
    }

    UeventText put(String key, Object value) {
        keys.add(key + "=" + value);
        return this;
    }

    /** The event's own keys (without ACTION, DEVPATH, SUBSYSTEM, SEQNUM) as KEY=VALUE, in order. */
    List<String> keys() {
        return keys;
    }

    boolean has(String key) {
        String prefix = key + "=";
        for (String k : keys) if (k.startsWith(prefix)) return true;
        return key.equals("ACTION") || key.equals("DEVPATH") || key.equals("SUBSYSTEM") || key.equals("SEQNUM");
    }

    String get(String key) {
        String prefix = key + "=";
        for (String k : keys) if (k.startsWith(prefix)) return k.substring(prefix.length());
        return null;
    }

    byte[] bytes(long seqnum) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160 + keys.size() * 24);
        add(out, action + "@" + devpath);
        add(out, "ACTION=" + action);
        add(out, "DEVPATH=" + devpath);
        add(out, "SUBSYSTEM=" + subsystem);
        for (String k : keys) add(out, k);
        add(out, "SEQNUM=" + seqnum);
        return out.toByteArray();
    }

    private static void add(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        out.write(0);
    }
}
