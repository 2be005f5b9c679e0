package io.mpathvx.reconciler.pathstate;

import com.sun.nio.file.ExtendedOpenOption;
import io.mpathvx.core.config.Failback;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.MultipathMap;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathGroup;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathStatus;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDisk;
import io.mpathvx.dm.LinuxDmControl;
import io.mpathvx.reconciler.MapAction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The path state machine against the guest's real dm-multipath over 4 scsi_debug paths (one LUN on 4 hosts), driven
 * as the daemon will drive it: one thread owns the machine, checks every path each polling interval (a stand-in
 * checker reading the SCSI device state), ticks, sends the actions as dm messages and reads the status back.
 * no_path_retry 2, polling interval 2 s. The SAN is loaded once; each test gets a fresh map, machine and driver with
 * every path running, so no test depends on another's end state or order.
 */
@Tag("real-kernel")
class PathStateKernelTest {
    private static final String MAP = "mpvxps-a";
    private static final Duration INTERVAL = Duration.ofSeconds(2);
    /** Under TCG everything is 10-50x slower: slack on top of what the behaviour needs. */
    private static final Duration SLACK = Duration.ofSeconds(20);

    private static LinuxDmControl dm;
    private static List<ScsiDisk> disks;
    private static long sectors;
    private PathStateMachine machine;
    private ScheduledExecutorService driver;
    private final List<MapAction> sent = new CopyOnWriteArrayList<>();
    private final List<Throwable> errors = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void loadSan() throws Exception {
        GuestKernel.assumeGuest();
        disks = GuestKernel.loadScsiDebug("add_host=4 vpd_use_hostno=0 dev_size_mb=4");
        assertEquals(4, disks.size());
        sectors = Long.parseLong(Files.readString(java.nio.file.Path.of("/sys/block/" + disks.get(0).name() + "/size")).trim());
        dm = LinuxDmControl.open();
    }

    @AfterAll
    static void unloadSan() {
        if (dm != null) dm.close();
        if (GuestKernel.inGuest()) GuestKernel.unloadScsiDebug();
    }

    @BeforeEach
    void startMap() throws Exception {
        StringBuilder params = new StringBuilder("1 queue_if_no_path 1 alua 1 1 round-robin 0 4 1");
        for (ScsiDisk d : disks) params.append(' ').append(d.devt()).append(" 1");
        Wwid wwid = Wwid.of(disks.get(0).wwid());
        dm.create(MAP, wwid.mapUuid());
        dm.loadTable(MAP, List.of(new DmTarget(0, sectors, "multipath", params.toString())));
        dm.resume(MAP);

        List<Path> paths = new ArrayList<>();
        for (ScsiDisk d : disks) {
            paths.add(new Path(d.name(), d.devt(), wwid, sectors, "Linux", "scsi_debug", "", d.address(), "", PathState.UNCHECKED));
        }
        MultipathMap map = new MultipathMap(MAP, null, wwid, sectors, List.of("queue_if_no_path"), List.of("alua"),
                List.of(new PathGroup("round-robin 0", 1, paths)));
        machine = new PathStateMachine(Clock.systemUTC());
        driver = Executors.newSingleThreadScheduledExecutor();
        onDriver(() -> {
            apply(machine.configure(map, new MapPolicy(NoPathRetry.retries(2), Failback.MANUAL, INTERVAL, true)));
            apply(machine.observe(MAP, status()));
            return null;
        });
        driver.scheduleAtFixedRate(this::checkRound, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        driver.scheduleAtFixedRate(this::tick, 100, 250, TimeUnit.MILLISECONDS);
        await().atMost(SLACK).until(() -> onDriver(() -> machine.view(MAP).orElseThrow().usablePaths()) == 4);
    }

    @AfterEach
    void removeMap() throws Exception {
        if (driver != null) {
            driver.shutdownNow();
            driver.awaitTermination(30, TimeUnit.SECONDS);
        }
        boolean ours = dm.listDevices().stream().map(DmDevice::name).anyMatch(MAP::equals);
        if (ours) {
            trace("teardown");
            dm.message(MAP, 0, "fail_if_no_path"); // first release any queued I/O
        }
        // the kernel refuses running -> running with EINVAL
        for (ScsiDisk d : disks) if (!"running".equals(GuestKernel.state(d))) GuestKernel.setRunning(d);
        if (ours) dm.remove(MAP, false);
    }

    private <T> T onDriver(Callable<T> task) throws Exception {
        return driver == null ? task.call() : driver.submit(task).get(60, TimeUnit.SECONDS);
    }

    /**
     * Stand-in checker: DOWN unless the SCSI device is running; then by its ALUA access state (scsi_debug with
     * vpd_use_hostno=0 puts the port of host N in state N % 3, so host 2's path is standby): standby is GHOST, as
     * the tur checker reports it.
     */
    private static CheckResult check(ScsiDisk d) {
        String state = GuestKernel.state(d);
        if (!state.equals("running")) return new CheckResult(d.name(), d.devt(), PathState.DOWN, "device " + state);
        String alua = accessState(d);
        PathState verdict = switch (alua) {
            case "standby" -> PathState.GHOST;
            case "unavailable", "offline" -> PathState.DOWN;
            case "transitioning" -> PathState.PENDING;
            default -> PathState.UP;
        };
        return new CheckResult(d.name(), d.devt(), verdict, "device running, alua " + alua);
    }

    private static String accessState(ScsiDisk d) {
        try {
            return Files.readString(java.nio.file.Path.of("/sys/block", d.name(), "device/access_state")).trim();
        } catch (IOException e) {
            return "none";
        }
    }

    private void checkRound() {
        try {
            apply(machine.observe(MAP, status()));
            for (ScsiDisk d : disks) {
                List<MapAction> actions = machine.check(check(d));
                if (!actions.isEmpty()) {
                    apply(actions);
                    apply(machine.observe(MAP, status()));
                }
            }
        } catch (Throwable t) {
            errors.add(t);
        }
    }

    private void tick() {
        try {
            List<MapAction> actions = machine.tick();
            if (!actions.isEmpty()) {
                apply(actions);
                apply(machine.observe(MAP, status()));
            }
        } catch (Throwable t) {
            errors.add(t);
        }
    }

    private void apply(List<MapAction> actions) throws DmException {
        for (MapAction a : actions) {
            sent.add(a);
            String message = ((MapAction.Message) a).dmMessage(); // the state machine sends messages only
            dm.message(a.map(), 0, message);
        }
    }

    private static MultipathStatus status() throws Exception {
        return MultipathStatus.parse(dm.status(MAP).get(0).params());
    }

    private static boolean kernelActive(ScsiDisk d) throws Exception {
        return status().groups().get(0).paths().stream().filter(p -> p.devt().equals(d.devt())).findFirst()
                .orElseThrow().active();
    }

    private static boolean queueIfNoPath() throws DmException {
        return (" " + dm.table(MAP).get(0).params() + " ").contains(" queue_if_no_path ");
    }

    /** O_DIRECT reads at several offsets so round-robin sends I/O down every path. */
    private static void readThrough() throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(8192).alignedSlice(4096);
        try (FileChannel ch = FileChannel.open(java.nio.file.Path.of("/dev/mapper", MAP), StandardOpenOption.READ,
                ExtendedOpenOption.DIRECT)) {
            for (int i = 0; i < 16; i++) {
                buf.clear().limit(4096);
                ch.read(buf, (long) i * 4096 * 5);
            }
        }
    }

    /** The kernel's view at a step, on the guest console (for reading a failed or hung run). */
    private void trace(String step) {
        try {
            StringBuilder alua = new StringBuilder();
            for (ScsiDisk d : disks) alua.append(d.name()).append('=').append(d.devt()).append('/').append(accessState(d)).append(' ');
            System.out.println("PathStateKernelTest " + step + ": paths [" + alua.toString().strip() + "] table ["
                    + dm.table(MAP).get(0).params().strip()
                    + "] status [" + dm.status(MAP).get(0).params().strip() + "] sent " + sent);
        } catch (Exception e) {
            System.out.println("PathStateKernelTest " + step + ": cannot read the map: " + e);
        }
    }

    /** A read through the map on another thread, so a read that queues forever cannot hang the test. */
    private static CompletableFuture<Void> readAsync() {
        return CompletableFuture.runAsync(() -> {
            try {
                readThrough();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    private PathState machineState(ScsiDisk d) throws Exception {
        return onDriver(() -> machine.view(MAP).orElseThrow().paths().stream()
                .filter(p -> p.devt().equals(d.devt())).findFirst().orElseThrow().state());
    }

    @Test
    void offlinePathIsFailedAndReinstatedWhenItRunsAgain() throws Exception {
        ScsiDisk a = disks.get(0);
        GuestKernel.setOffline(a);
        readThrough();
        await().atMost(SLACK).until(() -> !kernelActive(a));
        trace("sda offline, after a read");
        await().atMost(INTERVAL.plus(SLACK)).until(() -> machineState(a) == PathState.DOWN);
        assertTrue(sent.stream().filter(x -> x.equals(new MapAction.FailPath(MAP, a.devt()))).count() <= 1,
                "failed at most once: " + sent);

        long t0 = System.nanoTime();
        GuestKernel.setRunning(a);
        await().atMost(INTERVAL.plus(SLACK)).until(() -> kernelActive(a));
        System.out.printf("PathStateKernelTest: path %s reinstated %d ms after it ran again (polling interval %d ms)%n",
                a.name(), (System.nanoTime() - t0) / 1_000_000, INTERVAL.toMillis());
        assertTrue(sent.contains(new MapAction.ReinstatePath(MAP, a.devt())), sent.toString());
        assertEquals(List.of(), errors);
    }

    @Test
    void noPathRetryTwoStopsQueueingThenAReturningPathRestoresIt() throws Exception {
        long t0 = System.nanoTime();
        for (ScsiDisk d : disks) GuestKernel.setOffline(d);
        // A read with every path down queues, until fail_if_no_path makes it fail.
        CompletableFuture<Void> read = readAsync();
        await().atMost(INTERVAL.multipliedBy(4).plus(SLACK)).until(read::isDone);
        trace("all offline, read done");
        long failedAfterMs = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(read.isCompletedExceptionally(), "the read failed instead of hanging");
        assertFalse(queueIfNoPath(), "queueing is off");
        assertTrue(sent.contains(new MapAction.FailIfNoPath(MAP)), sent.toString());
        System.out.printf("PathStateKernelTest: read with no path failed %d ms after the paths went offline "
                + "(no_path_retry 2 x %d ms)%n", failedAfterMs, INTERVAL.toMillis());
        assertTrue(failedAfterMs >= INTERVAL.multipliedBy(2).toMillis(), "queued for at least 2 intervals: " + failedAfterMs);
        for (ScsiDisk d : disks) assertFalse(kernelActive(d));

        // A path that can carry I/O when it returns (a standby port cannot, and scsi_debug's ALUA is implicit only).
        ScsiDisk back = disks.stream().filter(d -> accessState(d).startsWith("active")).findFirst().orElseThrow();
        GuestKernel.setRunning(back);
        await().atMost(INTERVAL.plus(SLACK)).until(PathStateKernelTest::queueIfNoPath);
        await().atMost(SLACK).until(() -> kernelActive(back));
        assertTrue(sent.contains(new MapAction.QueueIfNoPath(MAP)), sent.toString());
        trace("one path back");
        CompletableFuture<Void> again = readAsync();
        try {
            await().atMost(SLACK).until(again::isDone);
        } finally {
            trace("read with one path");
        }
        again.get(); // completed, not failed
        assertEquals(List.of(), errors);
    }
}
