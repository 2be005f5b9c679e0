package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.kernel.UeventOverflowException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.mpathvx.core.sim.SimFixture.multipath;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many workers on one kernel: only DmExceptions with expected errnos, consistent state, SEQNUMs strictly ordered. */
class SimulatedKernelConcurrencyTest {
    private static final Set<Errno> EXPECTED = EnumSet.of(Errno.ENXIO, Errno.EBUSY, Errno.EINVAL);

    @Test
    void concurrentCallsKeepTheKernelConsistent() throws Exception {
        SimulatedKernel k = SimulatedKernel.fromJson(new JsonObject().put("ueventQueueCapacity", 1 << 20)
                .put("generate", new JsonObject().put("luns", 8).put("pathsPerLun", 2)));
        List<PathInfo> paths = k.paths();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        AtomicLong ok = new AtomicLong();
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            long seed = 42 + w;
            futures.add(pool.submit(() -> {
                Random rnd = new Random(seed);
                for (int i = 0; i < 2000; i++) {
                    String name = "m" + rnd.nextInt(6);
                    PathInfo a = paths.get(rnd.nextInt(paths.size()));
                    try {
                        switch (rnd.nextInt(7)) {
                            case 0 -> k.create(name, "mpath-" + name);
                            case 1 -> k.loadTable(name, multipath("0 0 1 1 round-robin 0 1 1 " + a.devt() + " 1"));
                            case 2 -> k.resume(name);
                            case 3 -> k.message(name, 0, (rnd.nextBoolean() ? "fail_path " : "reinstate_path ") + a.devt());
                            case 4 -> k.remove(name, false);
                            case 5 -> k.status(name);
                            default -> k.listDevices();
                        }
                        ok.incrementAndGet();
                    } catch (DmException e) {
                        if (!EXPECTED.contains(e.errno())) throw new AssertionError("unexpected " + e, e);
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : futures) f.get(60, TimeUnit.SECONDS);
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertTrue(ok.get() > 0);
        // every surviving map is whole, and the holders agree with the tables
        for (MapSnapshot m : k.snapshot()) {
            assertEquals(m.name(), k.info(m.name()).name());
            for (var dev : k.deps(m.name())) {
                PathInfo p = k.paths().stream().filter(x -> x.devt().equals(dev)).findFirst().orElseThrow();
                assertTrue(p.holders().contains("dm-" + m.devt().minor()));
            }
        }
        long[] last = {-1};
        try {
            k.drain(raw -> {
                long seq = KernelUevent.parse(raw).seqnum();
                assertTrue(seq > last[0], "SEQNUMs arrive in order");
                last[0] = seq;
            }, Integer.MAX_VALUE);
        } catch (UeventOverflowException e) {
            throw new AssertionError("queue was big enough", e);
        }
        assertTrue(last[0] > 0);
    }
}
