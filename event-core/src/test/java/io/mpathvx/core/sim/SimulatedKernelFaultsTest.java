package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.Errno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.mpathvx.core.sim.SimFixture.drain;
import static io.mpathvx.core.sim.SimFixture.multipath;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatedKernelFaultsTest {
    private static final String TABLE = "0 0 1 1 service-time 0 2 2 8:0 1 1 8:32 1 1";
    private final SimulatedKernel k = SimFixture.twoByTwo();
    private final ExecutorService worker = Executors.newSingleThreadExecutor();

    @AfterEach
    void stop() throws InterruptedException {
        k.faults().clear();
        worker.shutdownNow();
        assertTrue(worker.awaitTermination(10, TimeUnit.SECONDS));
    }

    @Test
    void injectedIoctlFailureHitsOnlyTheNextCallOfThatKindAndChangesNothing() throws Exception {
        k.create("m", null);
        k.faults().failNext(DmCall.TABLE_LOAD, Errno.ENOMEM);
        DmException e = assertThrows(DmException.class, () -> k.loadTable("m", multipath(TABLE)));
        assertEquals(Errno.ENOMEM, e.errno());
        assertEquals("m", e.map());
        assertFalse(k.info("m").inactiveTable());
        k.loadTable("m", multipath(TABLE));
        assertTrue(k.info("m").inactiveTable());
        assertEquals(2, k.calls().count(DmCall.TABLE_LOAD), "failed calls are counted too");
    }

    @Test
    void failureCanRepeatAndTargetAnyCall() throws Exception {
        k.faults().failNext(DmCall.CREATE, Errno.EIO, 2).failNext(DmCall.LIST_DEVICES, Errno.EFAULT);
        assertEquals(Errno.EIO, assertThrows(DmException.class, () -> k.create("a", null)).errno());
        assertEquals(Errno.EIO, assertThrows(DmException.class, () -> k.create("a", null)).errno());
        assertEquals(Errno.EFAULT, assertThrows(DmException.class, k::listDevices).errno());
        k.create("a", null);
        assertEquals(List.of("a"), k.listDevices().stream().map(d -> d.name()).toList());
    }

    @Test
    void ebusyOnRemoveNTimesThenTheRemoveWorks() throws Exception {
        k.create("m", null);
        k.faults().busyOnRemove("m", 2);
        assertEquals(Errno.EBUSY, assertThrows(DmException.class, () -> k.remove("m", false)).errno());
        assertEquals(Errno.EBUSY, assertThrows(DmException.class, () -> k.remove("m", false)).errno());
        k.remove("m", false);
        assertTrue(k.snapshot().isEmpty());
        assertEquals(3, k.calls().count("REMOVE"));
    }

    @Test
    void hungIoctlBlocksItsWorkerUntilReleasedWhileOtherCallsGoOn() throws Exception {
        k.create("m", null);
        k.loadTable("m", multipath(TABLE));
        Stall hang = k.faults().hangNext(DmCall.RESUME);
        Future<?> resume = worker.submit(() -> k.resume("m"));
        await().atMost(Duration.ofSeconds(10)).until(hang::isBlocked);
        assertFalse(resume.isDone());
        assertFalse(k.info("m").activeTable(), "the hung call has not acted yet");
        k.create("other", null); // the kernel is not locked by the hung call
        hang.release();
        resume.get(10, TimeUnit.SECONDS);
        assertTrue(hang.isFinished());
        assertTrue(k.info("m").activeTable());
    }

    @Test
    void slowIoctlReturnsOnlyWhenTheSimulatedClockHasMovedFarEnough() throws Exception {
        k.create("m", null);
        Stall slow = k.faults().slowNext(DmCall.TABLE_LOAD, Duration.ofSeconds(5));
        Future<?> load = worker.submit(() -> k.loadTable("m", multipath(TABLE)));
        await().atMost(Duration.ofSeconds(10)).until(slow::isBlocked);
        k.clock().advance(Duration.ofSeconds(4));
        assertTrue(slow.isBlocked(), "4 of 5 simulated seconds passed");
        assertFalse(load.isDone());
        k.clock().advance(Duration.ofSeconds(1));
        load.get(10, TimeUnit.SECONDS);
        assertTrue(k.info("m").inactiveTable());
    }

    @Test
    void pathOfflineFailsThePathWhenIoReachesItWithPathFailedEvents() throws Exception {
        k.create("m", "mpath-m");
        k.loadTable("m", multipath(TABLE));
        k.resume("m");
        drain(k);
        k.write("block/sdc/device/state", "offline");
        assertEquals(IoResult.COMPLETED, k.io("m"));
        List<KernelUevent> ev = drain(k);
        assertEquals(1, ev.size());
        assertEquals("PATH_FAILED", ev.get(0).get("DM_ACTION"));
        assertEquals("8:32", ev.get(0).get("DM_PATH"));
        assertEquals(1, k.info("m").eventNr());
        assertEquals(IoResult.COMPLETED, k.io("m"));
        assertEquals(0, drain(k).size(), "a failed path is not failed again");
        k.write("block/sdc/device/state", "running");
        k.message("m", 0, "reinstate_path 8:32");
        assertEquals("PATH_REINSTATED", drain(k).get(0).get("DM_ACTION"));
    }

    @Test
    void deletedPathStaysInTheMapAndFailsOnIo() throws Exception {
        k.create("m", null);
        k.loadTable("m", multipath(TABLE));
        k.resume("m");
        k.write("block/sda/device/delete", "1");
        assertTrue(k.path("sda").isEmpty());
        assertTrue(k.table("m").get(0).params().contains("8:0"), "the table still holds the device");
        assertEquals(IoResult.COMPLETED, k.io("m"));
        assertTrue(k.status("m").get(0).params().contains("8:0 F 1"));
        assertEquals(DmException.class, assertThrows(DmException.class, () -> k.loadTable("m", multipath(TABLE))).getClass(),
                "a deleted device cannot be opened for a new table");
    }

    @Test
    void callCountersCountEachKind() throws Exception {
        k.create("m", null);
        k.loadTable("m", multipath(TABLE));
        k.resume("m");
        k.status("m");
        k.status("m");
        assertEquals(1, k.calls().count(DmCall.CREATE));
        assertEquals(1, k.calls().count(DmCall.TABLE_LOAD));
        assertEquals(1, k.calls().count(DmCall.RESUME));
        assertEquals(2, k.calls().count(DmCall.STATUS));
        assertEquals(0, k.calls().count(DmCall.SUSPEND));
        assertEquals(4, k.calls().snapshot().size());
        k.calls().reset();
        assertEquals(0, k.calls().count(DmCall.CREATE));
        assertThrows(IllegalArgumentException.class, () -> k.calls().count("NOPE"));
    }
}
