package io.mpathvx.api;

import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.uevent.DiscoveredPath;
import io.mpathvx.uevent.PathDiscovery;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Lookups in order per path, with the worker pool and the loop played by hand to force every interleaving. */
class PathLookupsTest {
    private final SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
    private final Queue<Runnable> pool = new ArrayDeque<>();
    private final Queue<Runnable> loop = new ArrayDeque<>();
    private final List<PathLookups.Changes> delivered = new ArrayList<>();
    private final PathLookups lookups = lookups(64);

    private PathLookups lookups(int maxRunning) {
        return new PathLookups(new PathDiscovery(sim, PathDiscovery.Config.defaults()), pool::add, maxRunning, loop::add,
                delivered::add);
    }

    private void runPool() {
        while (!pool.isEmpty()) pool.poll().run();
    }

    private void runLoop() {
        while (!loop.isEmpty()) loop.poll().run();
    }

    private List<String> found() {
        return delivered.stream().flatMap(c -> c.found().stream()).map(DiscoveredPath::name).toList();
    }

    private List<String> removed() {
        return delivered.stream().flatMap(c -> c.removed().stream()).toList();
    }

    @Test
    void aLookupThatReadThePathBeforeItsRemovalDoesNotBringItBack() {
        String victim = sim.paths().get(0).name();
        lookups.lookup(victim);
        runPool(); // the worker read the path while it was still there
        sim.removePath(victim);
        lookups.removed(victim); // the remove uevent reaches the loop before the lookup's answer
        runLoop();
        assertEquals(List.of(), found(), "the stale answer was dropped");
        assertEquals(List.of(victim), removed());
        assertEquals(0, lookups.pending());
    }

    @Test
    void eventsDuringALookupCoalesceIntoOneMoreAndOnlyTheNewestAnswerCounts() {
        String name = sim.paths().get(0).name();
        lookups.lookup(name);
        lookups.lookup(name);
        lookups.lookup(name);
        assertEquals(1, pool.size(), "one lookup at a time per path");
        runPool();
        runLoop(); // the first answer is stale (two events came after it started): a second lookup runs instead
        assertEquals(List.of(), found());
        assertEquals(1, pool.size());
        runPool();
        runLoop();
        assertEquals(List.of(name), found());
        assertEquals(0, lookups.pending());
    }

    @Test
    void answersOfOneTurnAreHandedOnAsOneBatch() {
        sim.paths().forEach(p -> lookups.lookup(p.name()));
        runPool();
        runLoop();
        assertEquals(1, delivered.size());
        assertEquals(2, delivered.get(0).found().size());
    }

    @Test
    void aPathRemovedAndAddedAgainUnderTheSameNameEndsPresent() {
        String name = sim.paths().get(0).name();
        lookups.removed(name);
        lookups.lookup(name);
        runPool();
        runLoop();
        // the removal goes out at once, the new device's answer after it: the consumer ends with the path present
        assertEquals(2, delivered.size());
        assertEquals(List.of(name), delivered.get(0).removed());
        assertEquals(name, delivered.get(1).found().get(0).name());
    }

    @Test
    void lookupsBeyondTheLimitWaitTheirTurnOnTheLoop() {
        SimulatedKernel big = new SimulatedKernel(SanTopology.generated(3, 2));
        PathLookups one = new PathLookups(new PathDiscovery(big, PathDiscovery.Config.defaults()), pool::add, 1,
                loop::add, delivered::add);
        big.paths().forEach(p -> one.lookup(p.name()));
        assertEquals(1, pool.size(), "one on the pool, five waiting");
        for (int i = 0; i < 6; i++) {
            assertEquals(1, pool.size());
            runPool();
            runLoop();
        }
        assertEquals(6, found().size());
        assertEquals(0, one.pending());
    }
}
