package io.mpathvx.reconciler;

import io.mpathvx.core.kernel.ScsiReply;

import java.util.Optional;

/** What a prioritizer may ask of one path's device. Blocking: workers only. */
interface PrioDevice {
    /** INQUIRY: standard data for page -1, else a VPD page; null when the device gave no answer. */
    ScsiReply inquiry(int page, int length);

    /** TEST UNIT READY; null when the device gave no answer. */
    ScsiReply testUnitReady();

    /** A sysfs attribute of the path's block device (e.g. {@code ana_state}, {@code device/access_state}). */
    Optional<String> sysfs(String attribute);
}
