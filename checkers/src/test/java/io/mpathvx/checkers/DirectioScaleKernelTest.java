package io.mpathvx.checkers;

import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * In the guest: 2048 directio checkers on at most 3 AIO contexts (512 scsi_debug disks, 4 checkers per disk, each
 * checker with its own fd, buffer and iocb — scanning 2048 disks under emulation is what we avoid), aio-nr accounted
 * per context, thread count constant over many rounds; then the benchmark for directio and tur (printed and written to
 * the results directory, never asserted).
 */
@Tag("real-kernel")
class DirectioScaleKernelTest {
    private static final int CHECKERS_PER_DISK = 4;
    private static final int ROUNDS = 5;
    private LoopSupport loop;
    private CheckerSet set;

    @BeforeAll
    static void guest() {
        GuestKernel.assumeGuest();
    }

    @AfterEach
    void stop() {
        if (set != null) closeAndWait(set);
        // the checkers close their fds on workers, asynchronously: rmmod succeeds once the last one is closed
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(GuestKernel::unloadScsiDebug);
        if (loop != null) loop.close();
    }

    private static long aioNr() throws IOException {
        // Not Files.readString: procfs reports size 0 and a single read() may return only part of the number.
        return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/fs/aio-nr")).get(0).trim());
    }

    private List<CheckResult> round(PathChecker checker, List<CheckTarget> targets) {
        List<Future<CheckResult>> fs = loop.onLoop(() -> {
            List<Future<CheckResult>> l = new ArrayList<>(targets.size());
            for (CheckTarget t : targets) l.add(checker.check(t));
            return l;
        });
        List<CheckResult> out = new ArrayList<>(fs.size());
        for (Future<CheckResult> f : fs) out.add(LoopSupport.await(f));
        return out;
    }

    @Test
    void twoThousandDirectioCheckersShareAtMostThreeAioContextsWithAConstantThreadCount() throws IOException {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug("add_host=2 num_tgts=4 max_luns=64 vpd_use_hostno=0 dev_size_mb=4");
        assertEquals(512, disks.size());
        loop = new LoopSupport();
        set = loop.onLoop(() -> CheckerSet.linux(loop.loop, CheckerSet.DEFAULT_SG_WORKERS));
        PathChecker directio = set.forName("directio");
        List<CheckTarget> targets = new ArrayList<>();
        for (ScsiDisk d : disks) {
            for (int k = 0; k < CHECKERS_PER_DISK; k++) {
                targets.add(new CheckTarget(d.name() + "#" + k, d.devt(), d.devNode(), Duration.ofSeconds(60)));
            }
        }
        assertEquals(2048, targets.size());
        long aioBefore = aioNr();

        // Warm-up round: opens every fd (on Vert.x workers, which start lazily) and allocates the buffers.
        List<CheckResult> first = round(directio, targets);
        assertTrue(first.stream().allMatch(r -> r.state() == PathState.UP), () -> "not all UP: " + first.stream()
                .filter(r -> r.state() != PathState.UP).limit(5).toList());
        int contexts = loop.onLoop(set::aioContextCount);
        assertTrue(contexts >= 2 && contexts <= 3, "2048 checkers on " + contexts + " contexts");
        long aioDelta = aioNr() - aioBefore;
        assertEquals((long) contexts * AioContextPool.DEFAULT_GROUP_SIZE, aioDelta,
                "aio-nr grows by the events reserved per context, not per checker");

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();
        long cpuBefore = processCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            List<CheckResult> rs = round(directio, targets);
            assertTrue(rs.stream().allMatch(r -> r.state() == PathState.UP));
        }
        long wall = System.nanoTime() - t0;
        long cpu = processCpuNanos() - cpuBefore;
        int threadsAfter = threads.getThreadCount();
        assertEquals(threadsBefore, threadsAfter, "thread count constant over " + ROUNDS + " rounds of 2048 checks");
        assertEquals(contexts, loop.onLoop(set::aioContextCount).intValue());
        report("directio", targets.size(), ROUNDS, wall, cpu, "contexts=" + contexts + " aio-nr+=" + aioDelta
                + " threads=" + threadsAfter);

        // tur over the same disks, one checker per disk, on the bounded SG_IO pool
        PathChecker tur = set.forName("tur");
        List<CheckTarget> turTargets = new ArrayList<>();
        for (ScsiDisk d : disks) turTargets.add(new CheckTarget(d.name(), d.devt(), d.devNode(), Duration.ofSeconds(60)));
        round(tur, turTargets); // warm-up: open fds
        int turThreadsBefore = threads.getThreadCount();
        long turCpu0 = processCpuNanos();
        long turT0 = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) {
            List<CheckResult> rs = round(tur, turTargets);
            assertTrue(rs.stream().allMatch(r -> r.state() == PathState.UP), () -> rs.stream()
                    .filter(r -> r.state() != PathState.UP).limit(5).toList().toString());
        }
        report("tur", turTargets.size(), ROUNDS, System.nanoTime() - turT0, processCpuNanos() - turCpu0,
                "sg-workers=" + CheckerSet.DEFAULT_SG_WORKERS + " threads=" + threads.getThreadCount());
        assertEquals(turThreadsBefore, threads.getThreadCount(), "tur: thread count constant");

        loop.run(() -> {
            targets.forEach(t -> directio.forget(t.path()));
            turTargets.forEach(t -> tur.forget(t.path()));
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> loop.onLoop(set::aioContextCount) == 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> aioNr() == aioBefore);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void report(String checker, int paths, int rounds, long wallNanos, long cpuNanos, String extra)
            throws IOException {
        double checks = (double) paths * rounds;
        String line = String.format("BENCH checker=%s paths=%d rounds=%d checks/s=%.0f cpu-ms-per-1000-checks=%.1f "
                        + "wall-ms-per-round=%.0f %s (guest under QEMU TCG emulation)%n", checker, paths, rounds,
                checks / (wallNanos / 1e9), cpuNanos / 1e6 / (checks / 1000), wallNanos / 1e6 / rounds, extra);
        System.out.print(line);
        Path out = GuestKernel.resultsDir().resolve("checkers-bench.txt");
        Files.writeString(out, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** Closes the checkers and waits until the AIO contexts are destroyed (on a worker) before Vert.x goes away. */
    private void closeAndWait(CheckerSet s) {
        loop.run(s::close);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> loop.onLoop(s::aioContextCount) == 0);
    }
}
