package io.mpathvx.core.sim;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.ScsiAddress;

import java.util.List;

/**
 * A simulated path (SCSI disk) as the SAN shows it now: what a checker's answer or a test's assertion is based on.
 *
 * @param alua    ALUA access state, null when the LUN has no ALUA
 * @param holders the dm devices (dm-N) whose tables use this path
 */
public record PathInfo(String name, DevT devt, String wwid, ScsiAddress address, DiskState state, String alua,
                       boolean preferred, String vendor, String product, String revision, long sizeSectors,
                       List<String> holders) {
    public PathInfo {
        holders = List.copyOf(holders);
    }
}
