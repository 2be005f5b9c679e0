package io.mpathvx.checkers;

import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.PathState;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The real native layer on the build host (no guest needed): Linux AIO with O_DIRECT works on regular files of a
 * disk file system, so the iocb/io_event layouts, the syscalls, the eventfd and FdPoller are exercised for real.
 */
class LinuxCheckersTest {
    private final LoopSupport loop = new LoopSupport();
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        loop.close();
    }

    private static long aioNr() throws IOException {
        // Not Files.readString: procfs reports size 0 and a single read() may return only part of the number.
        return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/fs/aio-nr")).get(0).trim());
    }

    private List<CheckTarget> files(int n) throws IOException {
        List<CheckTarget> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path f = dir.resolve("disk" + i);
            byte[] data = new byte[8192];
            data[0] = (byte) i;
            Files.write(f, data);
            l.add(new CheckTarget("disk" + i, new DevT(7, i), f.toString(), Duration.ofSeconds(10)));
        }
        return l;
    }

    @Test
    void directioReadsThroughOneSharedAioContextAndReleasesIt() throws IOException {
        CheckerSet set = loop.onLoop(() -> CheckerSet.linux(loop.loop, 1));
        PathChecker directio = set.forName("directio");
        List<CheckTarget> targets = files(50);
        long aioBefore = aioNr();
        for (int round = 0; round < 3; round++) {
            List<Future<CheckResult>> fs = loop.onLoop(() -> {
                List<Future<CheckResult>> l = new ArrayList<>();
                for (CheckTarget t : targets) l.add(directio.check(t));
                return l;
            });
            for (Future<CheckResult> f : fs) {
                CheckResult r = LoopSupport.await(f);
                assumeTrue(!r.message().contains("EINVAL"), "file system without O_DIRECT: " + r.message());
                assertEquals(PathState.UP, r.state(), r.message());
            }
        }
        assertEquals(1, loop.onLoop(set::aioContextCount));
        assertEquals(AioContextPool.DEFAULT_GROUP_SIZE, aioNr() - aioBefore,
                "aio-nr grows by the events reserved for one context, not per checker");
        loop.run(() -> targets.forEach(t -> directio.forget(t.path())));
        await().atMost(Duration.ofSeconds(30)).until(() -> loop.onLoop(set::aioContextCount) == 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> aioNr() == aioBefore);
        closeAndWait(set);
    }

    @Test
    void aMissingDeviceIsDown() {
        CheckerSet set = loop.onLoop(() -> CheckerSet.linux(loop.loop, 1));
        CheckTarget gone = new CheckTarget("sdzz", new DevT(8, 999), dir.resolve("nope").toString(), Duration.ofSeconds(5));
        for (String name : List.of("directio", "tur", "readsector0")) {
            CheckResult r = LoopSupport.await(loop.onLoop(() -> set.forName(name).check(gone)));
            assertEquals(PathState.DOWN, r.state(), name);
            assertTrue(r.message().contains("ENOENT"), r.message());
        }
        closeAndWait(set);
    }

    @Test
    void sgIoOnSomethingThatIsNotScsiIsReportedNotSupported() throws IOException {
        CheckerSet set = loop.onLoop(() -> CheckerSet.linux(loop.loop, 1));
        CheckTarget file = files(1).get(0);
        CheckResult r = LoopSupport.await(loop.onLoop(() -> set.forName("tur").check(file)));
        assertEquals(PathState.WILD, r.state(), r.message());
        closeAndWait(set);
    }

    @Test
    void unknownCheckerNamesAreATypedError() {
        CheckerSet set = CheckerSet.simulated(new SimulatedChecker("tur", new ManualTimer(), p -> PathState.UP));
        UnknownCheckerException e = org.junit.jupiter.api.Assertions.assertThrows(UnknownCheckerException.class,
                () -> set.forName("cciss_tur"));
        assertTrue(e.getMessage().contains("directio"), e.getMessage());
        assertEquals("cciss_tur", e.name());
        assertEquals("none", set.forName("none").name());
    }

    /** Closes the checkers and waits until the AIO contexts are destroyed (on a worker) before Vert.x goes away. */
    private void closeAndWait(CheckerSet s) {
        loop.run(s::close);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> loop.onLoop(s::aioContextCount) == 0);
    }
}
