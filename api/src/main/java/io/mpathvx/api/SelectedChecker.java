package io.mpathvx.api;

import io.mpathvx.core.config.PathSelection;
import io.mpathvx.reconciler.desired.DesiredMap;
import io.mpathvx.reconciler.desired.PathGroup;
import io.mpathvx.reconciler.desired.PathInfo;

import java.time.Duration;

/**
 * The checker and checker timeout propsel selected for one path of a wanted map (detect_checker, the device's sysfs
 * timeout), as the path prober found them.
 */
record SelectedChecker(String name, Duration timeout) {
    /** The selection for {@code path} in {@code desired}; null when there is none (not probed from the device). */
    static SelectedChecker of(DesiredMap desired, String path) {
        if (desired == null) return null;
        for (PathGroup g : desired.groups()) {
            for (PathInfo p : g.paths()) {
                PathSelection s = p.selection();
                if (p.path().name().equals(path) && s != null) {
                    return new SelectedChecker(s.checker().value(), Duration.ofSeconds(s.checkerTimeout().value()));
                }
            }
        }
        return null;
    }
}
