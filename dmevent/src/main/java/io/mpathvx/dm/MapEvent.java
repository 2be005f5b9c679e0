package io.mpathvx.dm;

/** What happened to a dm map between two scans of the dm event channel. uuid is null when the map has none. */
public sealed interface MapEvent {
    String name();

    String uuid();

    /** The map's event counter moved: a path failed or was reinstated, a table was loaded, ... */
    record Changed(String name, String uuid, long eventNr) implements MapEvent {
    }

    /** The map no longer exists. */
    record Gone(String name, String uuid) implements MapEvent {
    }

    /** A map exists that the previous scan did not see. */
    record Appeared(String name, String uuid, long eventNr) implements MapEvent {
    }
}
