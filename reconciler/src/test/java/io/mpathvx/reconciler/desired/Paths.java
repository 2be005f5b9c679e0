package io.mpathvx.reconciler.desired;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.Wwid;

/** Test paths. */
final class Paths {
    private Paths() {
    }

    static Path path(String name, String devt, String wwid, long size, PathState state, String nodeName) {
        return new Path(name, DevT.parse(devt), wwid == null ? null : Wwid.of(wwid), size, "LIO-ORG", "disk", "4.0",
                null, nodeName, state);
    }

    static PathInfo info(String name, String devt, int prio) {
        return PathInfo.of(path(name, devt, "3600", 2048, PathState.UP, ""), prio);
    }

    static PathInfo info(String name, String devt, int prio, PathState state) {
        return PathInfo.of(path(name, devt, "3600", 2048, state, ""), prio);
    }
}
