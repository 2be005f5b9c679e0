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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * In the guest: directio, tur and readsector0 report DOWN for an offline scsi_debug disk and UP once it runs again;
 * the vendor checkers read what scsi_debug answers.
 */
@Tag("real-kernel")
@ExtendWith(ScsiDebugSan.class)
class CheckerStateKernelTest {
    private GuestCheckers checkers;

    @AfterEach
    void stop() {
        if (checkers != null) checkers.close();
    }

    private PathState check(String checker, CheckTarget t, AtomicReference<CheckResult> last) {
        CheckResult r = LoopSupport.await(checkers.loop.onLoop(() -> checkers.forName(checker).check(t)));
        last.set(r);
        return r.state();
    }

    @Test
    void offlineDiskIsDownAndRunningDiskIsUpAgain() {
        List<ScsiDisk> disks = GuestKernel.loadScsiDebug("add_host=1 num_tgts=1 max_luns=2 dev_size_mb=4");
        ScsiDisk disk = disks.get(0);
        ScsiDisk other = disks.get(1);
        checkers = new GuestCheckers(2);
        CheckTarget t = new CheckTarget(disk.name(), disk.devt(), disk.devNode(), Duration.ofSeconds(20));
        CheckTarget o = new CheckTarget(other.name(), other.devt(), other.devNode(), Duration.ofSeconds(20));
        AtomicReference<CheckResult> last = new AtomicReference<>();
        for (String c : List.of("directio", "tur", "readsector0")) {
            // scsi_debug may answer a first command with a unit attention: tur retries, directio is simply rechecked
            await().atMost(Duration.ofSeconds(60)).until(() -> check(c, t, last) == PathState.UP);
        }
        GuestKernel.setOffline(disk);
        for (String c : List.of("directio", "tur", "readsector0")) {
            assertEquals(PathState.DOWN, check(c, t, last), c + ": " + last.get().message());
            assertEquals(PathState.UP, check(c, o, last), c + " on the other disk: " + last.get().message());
        }
        GuestKernel.setRunning(disk);
        for (String c : List.of("directio", "tur", "readsector0")) {
            await().atMost(Duration.ofSeconds(60)).until(() -> check(c, t, last) == PathState.UP);
        }
    }

    @Test
    void vendorCheckersOnScsiDebug() {
        // scsi_debug answers VPD page 0x80 and TUR (hp_sw: UP) but has no vendor pages 0xC9/0xC0: rdac and
        // emc_clariion get ILLEGAL REQUEST, which their checkers read as "not this kind of array" (WILD)
        ScsiDisk disk = GuestKernel.loadScsiDebug("add_host=1 num_tgts=1 max_luns=1 dev_size_mb=4").get(0);
        checkers = new GuestCheckers(2);
        CheckTarget t = new CheckTarget(disk.name(), disk.devt(), disk.devNode(), Duration.ofSeconds(20));
        AtomicReference<CheckResult> last = new AtomicReference<>();
        // a first unit attention after the scan makes hp_sw's TUR fail once (GHOST): it is simply checked again
        await().atMost(Duration.ofSeconds(60)).until(() -> check("hp_sw", t, last) == PathState.UP);
        assertEquals(PathState.WILD, check("rdac", t, last), last.get().message());
        assertEquals(PathState.WILD, check("emc_clariion", t, last), last.get().message());
    }
}
