package io.mpathvx.reconciler.desired;

import io.mpathvx.core.config.DeviceFacts;
import io.mpathvx.core.config.PathSelection;
import io.mpathvx.core.model.Path;

/** Selects a path's checker and prioritizer from the configuration and what the device told (propsel.c). */
@FunctionalInterface
public interface PathPropertySelector {
    PathSelection select(Path path, DeviceFacts facts);
}
