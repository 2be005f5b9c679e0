package io.mpathvx.checkers;

import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.core.testkit.ScsiDebugSan;
import io.mpathvx.core.testkit.ScsiDisk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * In the guest: a slow device (scsi_debug's {@code delay}) makes a directio read outlive checker_timeout. The check
 * reports TIMEOUT without blocking; the path is then removed while the read is still in flight, which leaves an
 * orphan that keeps its AIO context alive until the kernel completes the read, after which the context is destroyed.
 */
@Tag("real-kernel")
@ExtendWith(ScsiDebugSan.class)
class DirectioOrphanKernelTest {
    private static final Path DELAY = Path.of("/sys/bus/pseudo/drivers/scsi_debug/delay");
    private GuestCheckers checkers;

    @AfterEach
    void stop() {
        // delay is a module parameter: unloading scsi_debug (here or in ScsiDebugSan) resets it
        if (checkers != null) checkers.close();
    }

    @Test
    void aReadOutlivingItsTimeoutAndItsPathIsReapedLater() throws IOException {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug("add_host=1 num_tgts=1 max_luns=1 dev_size_mb=4");
        ScsiDisk d = disks.get(0);
        checkers = new GuestCheckers(1);
        LoopSupport loop = checkers.loop;
        PathChecker directio = checkers.forName("directio");
        CheckTarget t = new CheckTarget(d.name(), d.devt(), d.devNode(), Duration.ofSeconds(2));
        await().atMost(Duration.ofSeconds(60)).until(() ->
                LoopSupport.await(loop.onLoop(() -> directio.check(t))).state() == PathState.UP);
        assertEquals(1, checkers.aioContexts());

        // every command now takes ~8 s (delay is in jiffies; 2000 is 8 s at HZ=250, 2 s at HZ=1000)
        Files.writeString(DELAY, "2000");
        CheckResult r = LoopSupport.await(loop.onLoop(() -> directio.check(t)));
        assertEquals(PathState.TIMEOUT, r.state(), r.message());

        // the path goes away while its read is still in the kernel: the context must outlive it
        loop.run(() -> directio.forget(t.path()));
        assertEquals(1, checkers.aioContexts(), "orphan keeps its context");
        // (delay cannot be lowered while a command is queued: scsi_debug answers EBUSY)
        await().atMost(Duration.ofSeconds(90)).until(() -> checkers.aioContexts() == 0);
    }
}
