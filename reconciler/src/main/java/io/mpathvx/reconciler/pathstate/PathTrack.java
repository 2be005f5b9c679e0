package io.mpathvx.reconciler.pathstate;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathState;

import java.time.Instant;

/** The machine's mutable record of one path; confined to the thread that drives the machine. */
final class PathTrack {
    final String name;
    final DevT devt;
    /** 0-based group index in table order. */
    final int group;
    PathState state;
    Instant since;
    /** The checker's last definite verdict (multipathd's chkrstate): what followover failback looks at. */
    PathState checker;
    PathView.Kernel kernel = PathView.Kernel.UNKNOWN;
    String message = "";

    private PathTrack(String name, DevT devt, int group) {
        this.name = name;
        this.devt = devt;
        this.group = group;
    }

    static PathTrack fresh(Path path, int group, Instant now) {
        PathTrack t = new PathTrack(path.name(), path.devt(), group);
        PathState s = kept(path.state());
        t.state = s == PathState.PENDING ? PathState.UNCHECKED : s;
        t.checker = t.state;
        t.since = now;
        return t;
    }

    /** The same path in another place of a reloaded table; what the kernel had is no longer known. */
    PathTrack movedTo(int newGroup) {
        PathTrack t = new PathTrack(name, devt, newGroup);
        t.state = state;
        t.since = since;
        t.checker = checker;
        t.message = message;
        return t;
    }

    void enter(PathState newState, Instant now) {
        if (newState != state) {
            state = newState;
            since = now;
        }
    }

    boolean down() {
        return state == PathState.DOWN || state == PathState.SHAKY;
    }

    PathView view() {
        return new PathView(name, devt, group + 1, state, since, checker, kernel, message);
    }

    /**
     * The state a verdict is kept as: TIMEOUT and REMOVED are passing signals that multipathd stores as DOWN
     * (a removed path waits for its remove uevent); WILD carries no information.
     */
    static PathState kept(PathState verdict) {
        return switch (verdict) {
            case TIMEOUT, REMOVED -> PathState.DOWN;
            case WILD -> PathState.UNCHECKED;
            default -> verdict;
        };
    }
}
