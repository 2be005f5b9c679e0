package io.mpathvx.reconciler;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.desired.PathInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PathIndexTest {
    private static final Wwid A = Wwid.of("3600a");
    private static final Wwid B = Wwid.of("3600b");
    private final List<Wwid> changed = new ArrayList<>();
    private final PathIndex index = new PathIndex(changed::add);

    private static Path path(String name, String devt, Wwid wwid) {
        return new Path(name, DevT.parse(devt), wwid, 2048, "LIO-ORG", "disk", "4.0", null, "", PathState.UNCHECKED);
    }

    private static PathInfo info(Path p) {
        return PathInfo.of(p, 1);
    }

    private static List<String> names(List<PathInfo> infos) {
        return infos.stream().map(i -> i.path().name()).toList();
    }

    @Test
    void pathsOfAWwidInArrivalOrderAndTheirDevicesPresent() {
        index.put(info(path("sdb", "8:16", A)));
        index.put(info(path("sdc", "8:32", B)));
        index.put(info(path("sda", "8:0", A)));
        assertEquals(List.of("sdb", "sda"), names(index.of(A)));
        assertEquals(List.of("sdc"), names(index.of(B)));
        assertTrue(index.present(DevT.parse("8:0")));
        assertFalse(index.present(DevT.parse("8:48")));
        assertEquals(List.of(A, B, A), changed);
    }

    @Test
    void aPathThatMovesToAnotherWwidLeavesTheOldOneAndBothAreChanged() {
        index.put(info(path("sda", "8:0", A)));
        index.put(info(path("sdb", "8:16", A)));
        changed.clear();
        index.put(info(path("sda", "8:0", B)));
        assertEquals(List.of("sdb"), names(index.of(A)));
        assertEquals(List.of("sda"), names(index.of(B)));
        assertEquals(List.of(A, B), changed);
        assertTrue(index.present(DevT.parse("8:0")), "counted once, not gone with the old entry");
    }

    @Test
    void removingPathsUnlinksThemWhereverTheyAreInTheChain() {
        for (String n : List.of("sda", "sdb", "sdc")) index.put(info(path(n, "8:" + (n.charAt(2) - 'a') * 16, A)));
        index.remove("sdb");
        assertEquals(List.of("sda", "sdc"), names(index.of(A)));
        index.remove("sda");
        assertEquals(List.of("sdc"), names(index.of(A)));
        index.remove("sdc");
        assertEquals(List.of(), index.of(A));
        assertFalse(index.present(DevT.parse("8:0")));
        assertEquals(List.of(), index.paths());
        index.remove("sdz"); // unknown: nothing happens
    }

    @Test
    void aProbeAnswerAppliesOnlyUnderTheLastStamp() {
        Path p = path("sda", "8:0", A);
        long first = index.stamp(List.of(p));
        long second = index.stamp(List.of(p));
        assertFalse(index.current("sda", first), "a later event superseded the first probe");
        assertTrue(index.current("sda", second));
        assertEquals(List.of("sda"), index.names(), "a path being probed is known by name");
        assertEquals(List.of(), index.paths(), "but has no info yet");
    }

    @Test
    void aRemovalMakesARunningProbeStaleSoItCannotBringThePathBack() {
        Path p = path("sda", "8:0", A);
        index.put(info(p));
        long stamp = index.stamp(List.of(p));
        index.remove("sda");
        assertFalse(index.current("sda", stamp));
        assertEquals(List.of(), index.of(A));
    }

    @Test
    void aFailedProbeForgetsOnlyThePathsNeverProbed() {
        Path known = path("sda", "8:0", A);
        Path fresh = path("sdb", "8:16", A);
        index.put(info(known));
        long stamp = index.stamp(List.of(known, fresh));
        index.probeFailed(List.of(known, fresh), stamp);
        assertEquals(List.of("sda"), index.names());
        assertEquals(List.of("sda"), names(index.of(A)), "the old info stays");
    }

    @Test
    void pathsWithoutWwidAreIndexedByNameAndDeviceOnly() {
        index.put(info(path("sda", "8:0", null)));
        assertTrue(changed.isEmpty());
        assertTrue(index.present(DevT.parse("8:0")));
        assertEquals(1, index.paths().size());
    }
}
