package io.mpathvx.uevent;

import io.mpathvx.core.model.Path;

import java.util.List;

/**
 * A path as discovery read it from sysfs: the model {@link Path} plus what the daemon needs beside it.
 *
 * @param path        the model record (state UNCHECKED: checkers decide that)
 * @param wwidSource  where {@code path.wwid()} came from; NONE when it is null
 * @param protocol    multipathd's protocol name, e.g. {@code scsi:fcp}, {@code scsi:unspec}, {@code nvme:tcp}
 * @param deviceState SCSI {@code device/state} (running, offline, blocked, ...); empty when absent
 * @param accessState ALUA {@code device/access_state} (active/optimized, standby, ...); empty when absent
 * @param preferred   ALUA {@code device/preferred_path} is 1
 * @param readOnly    {@code ro} is 1
 * @param holders     the devices stacked on it (dm-N), sorted
 * @param udevPending no WWID yet because udevd has not processed the device: look it up again shortly
 */
public record DiscoveredPath(Path path, WwidSource wwidSource, String protocol, String deviceState, String accessState,
                             boolean preferred, boolean readOnly, List<String> holders, boolean udevPending) {
    public DiscoveredPath {
        holders = List.copyOf(holders);
        deviceState = deviceState == null ? "" : deviceState;
        accessState = accessState == null ? "" : accessState;
    }

    public String name() {
        return path.name();
    }
}
