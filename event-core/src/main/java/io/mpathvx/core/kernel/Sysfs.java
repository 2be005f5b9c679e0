package io.mpathvx.core.kernel;

import io.mpathvx.core.model.DevT;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Read access to sysfs and udev's database. Paths are relative to the sysfs root, e.g. {@code block/sda/size}.
 * Every call is file I/O: call it from a worker, never from the event loop.
 */
public interface Sysfs {
    /** An attribute's text with trailing newline removed; empty when it does not exist. */
    Optional<String> read(String path) throws IOException;

    /** An attribute's raw bytes (binary attributes such as {@code device/vpd_pg83}); empty when it does not exist. */
    Optional<byte[]> readBytes(String path) throws IOException;

    /** The names in a directory, sorted; empty when it does not exist. */
    List<String> list(String dir) throws IOException;

    /** A symlink's target as text; empty when it is no symlink. */
    Optional<String> readLink(String path) throws IOException;

    void write(String path, String value) throws IOException;

    /** udev's properties for a block device (udev database {@code b<M>:<m>}); empty when udevd has no record. */
    Optional<Map<String, String>> udevProperties(DevT devt) throws IOException;

    /**
     * Whether udevd runs, so that a device it has no record of yet will get one: discovery then waits for udev's
     * WWID instead of deciding another one at once. False where there is no udev to wait for.
     */
    default boolean udevRunning() {
        return false;
    }
}
