package io.mpathvx.core.model;

import java.util.Objects;

/** The World Wide Identifier of a LUN: every path with the same WWID leads to the same LUN. */
public record Wwid(String value) implements Comparable<Wwid> {
    public Wwid {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) throw new IllegalArgumentException("empty WWID");
    }

    public static Wwid of(String value) {
        return new Wwid(value);
    }

    /** The dm uuid multipathd and mpathvx give a map: {@code mpath-<wwid>}. */
    public String mapUuid() {
        return MAP_UUID_PREFIX + value;
    }

    public static final String MAP_UUID_PREFIX = "mpath-";

    /** The WWID of a multipath map's uuid, or null if the uuid is not a multipath one. */
    public static Wwid fromMapUuid(String uuid) {
        if (uuid == null || !uuid.startsWith(MAP_UUID_PREFIX) || uuid.length() == MAP_UUID_PREFIX.length()) return null;
        return new Wwid(uuid.substring(MAP_UUID_PREFIX.length()));
    }

    @Override
    public int compareTo(Wwid o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
