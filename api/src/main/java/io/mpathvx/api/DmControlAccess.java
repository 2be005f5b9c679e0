package io.mpathvx.api;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Whether this process may drive device-mapper: it can open the control node read-write. That is what the daemon
 * needs, whatever the user is called (a user named "root" is not a privilege, and root in a user namespace or a
 * container without the device is not enough).
 */
final class DmControlAccess {
    private DmControlAccess() {
    }

    /** Why {@code control} cannot be used, or null when it can be opened read-write. */
    static String problem(Path control) {
        if (!Files.exists(control)) {
            return control + " does not exist (device-mapper is not available: modprobe dm-multipath)";
        }
        try (FileChannel ignored = FileChannel.open(control, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return null;
        } catch (IOException | SecurityException e) {
            return "mpathvx daemon needs read-write access to " + control + " (run it as root): " + e;
        }
    }
}
