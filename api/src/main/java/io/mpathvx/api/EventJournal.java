package io.mpathvx.api;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The last {@code capacity} path and map transitions, each with a monotonic id (1, 2, ...), for {@code GET /v1/events}.
 * The daemon's loop appends (O(1), a short lock); stream connections read what came after their last id on their own
 * event loop. A reader whose last id has left the ring is told so (null) and must re-read the state.
 */
final class EventJournal {
    /** Ring size unless {@code -Dmpathvx.eventRing=N}. */
    static final int DEFAULT_CAPACITY = 4096;

    /**
     * One transition.
     *
     * @param type   e.g. path_down, path_reinstated, map_created, queueing_off, action_failed
     * @param cause  what saw it: checker, kernel (dm status), uevent, reconciler, operator
     * @param map    the map's name, "" when none
     * @param path   the path's name, "" when none
     * @param detail free text (an error, a group number), "" when none
     */
    record Event(long id, Instant time, String type, String cause, String map, String path, String detail) {
        static Event of(long id, String type, String cause, String map, String path, String detail) {
            return new Event(id, Instant.now(), type, cause, map, path, detail);
        }

        /** The event as Server-Sent Events text: rendered when a stream sends it, not per event (storms, no readers). */
        String frame() {
            return "id: " + id + "\nevent: " + type + "\ndata: " + json().encode() + "\n\n";
        }

        JsonObject json() {
            JsonObject o = new JsonObject().put("id", id).put("time", time.toString()).put("type", type).put("cause", cause);
            if (!map.isEmpty()) o.put("map", map);
            if (!path.isEmpty()) o.put("path", path);
            if (!detail.isEmpty()) o.put("detail", detail);
            return o;
        }
    }

    private final Event[] ring;
    private long last; // id of the newest event, 0 before the first

    EventJournal(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("event ring capacity must be positive: " + capacity);
        ring = new Event[capacity];
    }

    static EventJournal configured() {
        return new EventJournal(Integer.getInteger("mpathvx.eventRing", DEFAULT_CAPACITY));
    }

    void add(String type, String cause, String map, String path, String detail) {
        synchronized (ring) {
            last++;
            ring[(int) (last % ring.length)] = Event.of(last, type, cause, nz(map), nz(path), nz(detail));
        }
    }

    long lastId() {
        synchronized (ring) {
            return last;
        }
    }

    /** The id of the oldest event the ring still has (1 before any). */
    long firstKept() {
        synchronized (ring) {
            return Math.max(1, last - ring.length + 1);
        }
    }

    /**
     * Up to {@code max} events after {@code lastId}, oldest first; null when some of those are no longer in the ring
     * (the reader missed events and must start again from the current state).
     */
    List<Event> after(long lastId, int max) {
        synchronized (ring) {
            if (lastId >= last) return List.of();
            if (lastId < Math.max(1, last - ring.length + 1) - 1) return null;
            List<Event> out = new ArrayList<>((int) Math.min(max, last - lastId));
            for (long id = lastId + 1; id <= last && out.size() < max; id++) out.add(ring[(int) (id % ring.length)]);
            return out;
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
