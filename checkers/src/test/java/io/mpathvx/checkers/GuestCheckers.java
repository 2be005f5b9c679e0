package io.mpathvx.checkers;

import static org.awaitility.Awaitility.await;

import io.mpathvx.core.testkit.ScsiDebugSan;
import java.time.Duration;

/**
 * The Linux checkers on their own Vert.x loop, for guest tests over scsi_debug disks. Closing tears down in the
 * only order that works: checkers (AIO contexts are destroyed on a worker), then scsi_debug (its disks are free
 * once the workers closed the fds), then Vert.x (whose workers did the closing).
 */
final class GuestCheckers implements AutoCloseable {
    final LoopSupport loop = new LoopSupport();
    final CheckerSet set;

    GuestCheckers(int sgWorkers) {
        set = loop.onLoop(() -> CheckerSet.linux(loop.loop, sgWorkers));
    }

    PathChecker forName(String checker) {
        return set.forName(checker);
    }

    int aioContexts() {
        return loop.onLoop(set::aioContextCount);
    }

    @Override
    public void close() {
        try {
            loop.run(set::close);
            await().atMost(Duration.ofSeconds(60)).until(() -> aioContexts() == 0);
            ScsiDebugSan.awaitUnloaded();
        } finally {
            loop.close();
        }
    }
}
