package io.mpathvx.reconciler.pathstate;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.PathState;

import java.time.Instant;

/**
 * What the path state machine knows about one path of a map.
 *
 * @param name    kernel device name
 * @param devt    device number
 * @param group   the path's group, 1-based, in table order
 * @param state   the path's state as the machine keeps it (PENDING never appears: it keeps the previous state;
 *                TIMEOUT and REMOVED are kept as DOWN)
 * @param since   when {@code state} was entered
 * @param checker the checker's last verdict (UNCHECKED before the first)
 * @param kernel  whether the kernel has the path active or failed, as last read back or as last commanded
 * @param message the checker's last message, or why the state changed
 */
public record PathView(String name, DevT devt, int group, PathState state, Instant since, PathState checker,
                       Kernel kernel, String message) {
    /** The kernel's view of a path (the A/F of the multipath status). */
    public enum Kernel {
        ACTIVE, FAILED, UNKNOWN
    }
}
