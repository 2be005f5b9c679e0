package io.mpathvx.reconciler;

import io.mpathvx.core.kernel.Cdb;
import io.mpathvx.core.kernel.ScsiReply;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** What a prioritizer may ask of one path's device. Blocking: workers only. */
interface PrioDevice {
    /** A SCSI command with {@code length} bytes of data-in; null when the device gave no answer. */
    ScsiReply command(byte[] cdb, int length);

    /** INQUIRY: standard data for page -1, else a VPD page; null when the device gave no answer. */
    default ScsiReply inquiry(int page, int length) {
        return command(page < 0 ? Cdb.inquiry(length) : Cdb.vpd(page, length), length);
    }

    /** TEST UNIT READY; null when the device gave no answer. */
    default ScsiReply testUnitReady() {
        return command(Cdb.testUnitReady(), 0);
    }

    /** A sysfs attribute of the path's block device (e.g. {@code device/access_state}). */
    Optional<String> sysfs(String attribute);

    /** The NVMe ANA state code of the path's namespace ({@link NvmeAna}), {@link NvmeAna#UNKNOWN} if none. */
    default int anaState() {
        return NvmeAna.UNKNOWN;
    }

    /** udev's properties of the path's device (DEVLINKS among them), empty when udev has no record. */
    default Optional<Map<String, String>> udevProperties() {
        return Optional.empty();
    }

    /** How long a direct read of the first block took; null when it failed. */
    default Duration timedRead() {
        return null;
    }
}
