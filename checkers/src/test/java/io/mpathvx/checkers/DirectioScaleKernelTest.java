package io.mpathvx.checkers;

import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDebugSan;
import io.mpathvx.core.testkit.ScsiDisk;
import io.vertx.core.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

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
 * per context, thread count constant over rounds. The throughput of directio and tur is a separate benchmark
 * (tag {@code benchmark}: printed and written to the results directory, never asserted, not in the default tier).
 */
@Tag("real-kernel")
@ExtendWith(ScsiDebugSan.class)
class DirectioScaleKernelTest {
    private static final String SAN = "add_host=2 num_tgts=4 max_luns=64 vpd_use_hostno=0 dev_size_mb=4";
    private static final int CHECKERS_PER_DISK = 4;
    private static final int ROUNDS = 5;
    private GuestCheckers checkers;

    @AfterEach
    void stop() {
        if (checkers != null) checkers.close();
    }

    private static long aioNr() throws IOException {
        // Not Files.readString: procfs reports size 0 and a single read() may return only part of the number.
        return Long.parseLong(Files.readAllLines(Path.of("/proc/sys/fs/aio-nr")).get(0).trim());
    }

    private List<CheckResult> round(PathChecker checker, List<CheckTarget> targets) {
        List<Future<CheckResult>> fs = checkers.loop.onLoop(() -> {
            List<Future<CheckResult>> l = new ArrayList<>(targets.size());
            for (CheckTarget t : targets) l.add(checker.check(t));
            return l;
        });
        List<CheckResult> out = new ArrayList<>(fs.size());
        for (Future<CheckResult> f : fs) out.add(LoopSupport.await(f));
        return out;
    }

    private static void assertAllUp(List<CheckResult> rs) {
        assertTrue(rs.stream().allMatch(r -> r.state() == PathState.UP), () -> "not all UP: " + rs.stream()
                .filter(r -> r.state() != PathState.UP).limit(5).toList());
    }

    private static List<CheckTarget> targets(List<ScsiDisk> disks, int perDisk) {
        List<CheckTarget> targets = new ArrayList<>();
        for (ScsiDisk d : disks) {
            for (int k = 0; k < perDisk; k++) {
                targets.add(new CheckTarget(d.name() + "#" + k, d.devt(), d.devNode(), Duration.ofSeconds(60)));
            }
        }
        return targets;
    }

    private List<CheckTarget> startOn512Disks(int perDisk) {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug(SAN);
        assertEquals(512, disks.size());
        checkers = new GuestCheckers(CheckerSet.DEFAULT_SG_WORKERS);
        return targets(disks, perDisk);
    }

    @Test
    void twoThousandDirectioCheckersShareAtMostThreeAioContextsWithAConstantThreadCount() throws IOException {
        List<CheckTarget> targets = startOn512Disks(CHECKERS_PER_DISK);
        PathChecker directio = checkers.forName("directio");
        assertEquals(2048, targets.size());
        long aioBefore = aioNr();

        // Warm-up round: opens every fd (on Vert.x workers, which start lazily) and allocates the buffers.
        assertAllUp(round(directio, targets));
        int contexts = checkers.aioContexts();
        assertTrue(contexts >= 2 && contexts <= 3, "2048 checkers on " + contexts + " contexts");
        long aioDelta = aioNr() - aioBefore;
        assertEquals((long) contexts * AioContextPool.DEFAULT_GROUP_SIZE, aioDelta,
                "aio-nr grows by the events reserved per context, not per checker");

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int threadsBefore = threads.getThreadCount();
        for (int i = 0; i < 2; i++) assertAllUp(round(directio, targets));
        assertEquals(threadsBefore, threads.getThreadCount(), "thread count constant over rounds of 2048 checks");
        assertEquals(contexts, checkers.aioContexts());

        checkers.loop.run(() -> targets.forEach(t -> directio.forget(t.path())));
        await().atMost(Duration.ofSeconds(60)).until(() -> checkers.aioContexts() == 0);
        await().atMost(Duration.ofSeconds(60)).until(() -> aioNr() == aioBefore);
    }

    @Test
    @Tag("benchmark")
    void directioAndTurThroughputOn512Disks() throws IOException {
        List<CheckTarget> targets = startOn512Disks(CHECKERS_PER_DISK);
        PathChecker directio = checkers.forName("directio");
        assertAllUp(round(directio, targets)); // warm-up: open fds, allocate buffers
        measure("directio", directio, targets, "contexts=" + checkers.aioContexts());

        // tur over the same disks, one checker per disk, on the bounded SG_IO pool
        PathChecker tur = checkers.forName("tur");
        List<CheckTarget> turTargets = targets.stream().filter(t -> t.path().endsWith("#0")).toList();
        assertAllUp(round(tur, turTargets)); // warm-up: open fds
        measure("tur", tur, turTargets, "sg-workers=" + CheckerSet.DEFAULT_SG_WORKERS);
    }

    private void measure(String name, PathChecker checker, List<CheckTarget> targets, String extra) throws IOException {
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        for (int i = 0; i < ROUNDS; i++) assertAllUp(round(checker, targets));
        report(name, targets.size(), ROUNDS, System.nanoTime() - t0, processCpuNanos() - cpu0,
                extra + " threads=" + ManagementFactory.getThreadMXBean().getThreadCount());
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
}
