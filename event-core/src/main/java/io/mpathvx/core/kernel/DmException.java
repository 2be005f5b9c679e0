package io.mpathvx.core.kernel;

/** A device-mapper call failed: names the call, the map (if any) and the errno. */
public final class DmException extends Exception {
    private final String call;
    private final String map;
    private final Errno errno;

    public DmException(String call, String map, Errno errno, String detail) {
        super(call + (map == null ? "" : " " + map) + ": " + errno + (detail == null ? "" : " (" + detail + ")"));
        this.call = call;
        this.map = map;
        this.errno = errno;
    }

    public DmException(String call, String map, Errno errno) {
        this(call, map, errno, null);
    }

    public String call() {
        return call;
    }

    /** The map's name, or null for calls that name no map. */
    public String map() {
        return map;
    }

    public Errno errno() {
        return errno;
    }
}
