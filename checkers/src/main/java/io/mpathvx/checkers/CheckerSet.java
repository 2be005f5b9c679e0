package io.mpathvx.checkers;

import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The checkers a daemon uses, selected by their multipath.conf name ({@code directio}, {@code tur},
 * {@code readsector0}, {@code rdac}, {@code emc_clariion}, {@code hp_sw}, {@code none}). One instance of each: the
 * directio checkers share the AIO contexts, the SG_IO checkers one bounded worker pool. Create and use on the event loop.
 */
public final class CheckerSet {
    /** The SG_IO worker threads used when the caller does not say. */
    public static final int DEFAULT_SG_WORKERS = 4;

    private final Map<String, PathChecker> byName = new LinkedHashMap<>();
    private final AioContextPool aio;
    private final SgWorkers sg;

    private CheckerSet(AioContextPool aio, SgWorkers sg) {
        this.aio = aio;
        this.sg = sg;
    }

    /**
     * The real checkers on Linux. Needs Vert.x with native transport (the AIO eventfd is watched on the loop).
     *
     * @param loop      the event loop context the checkers run on
     * @param sgWorkers threads for blocking SG_IO checks (tur, readsector0)
     */
    public static CheckerSet linux(Context loop, int sgWorkers) {
        CheckTimer timer = CheckTimer.wheel(loop.owner());
        AioPort aioPort = new LinuxAio();
        AioContextPool pool = new AioContextPool(aioPort, loop, AioContextPool.DEFAULT_GROUP_SIZE);
        SgWorkers workers = new SgWorkers(sgWorkers);
        SgPort sgPort = new LinuxSg();
        CheckerSet set = new CheckerSet(pool, workers);
        set.add(new DirectioChecker(aioPort, pool, loop, timer));
        set.add(new SgChecker(SgChecker.Command.TUR, sgPort, workers, loop, timer));
        set.add(new SgChecker(SgChecker.Command.READSECTOR0, sgPort, workers, loop, timer));
        set.add(new SgChecker(SgChecker.Command.RDAC, sgPort, workers, loop, timer));
        set.add(new SgChecker(SgChecker.Command.EMC_CLARIION, sgPort, workers, loop, timer));
        set.add(new SgChecker(SgChecker.Command.HP_SW, sgPort, workers, loop, timer));
        set.add(new NoneChecker());
        return set;
    }

    /**
     * Checkers for the simulated kernel: every name answers from {@code simulated} (it is also returned for
     * directio, tur and readsector0), {@code none} is always up.
     */
    public static CheckerSet simulated(SimulatedChecker simulated) {
        CheckerSet set = new CheckerSet(null, null);
        for (String n : new String[]{DirectioChecker.NAME, "tur", "readsector0", "rdac", "emc_clariion", "hp_sw"}) {
            set.byName.put(n, simulated);
        }
        set.add(new NoneChecker());
        return set;
    }

    private void add(PathChecker c) {
        byName.put(c.name(), c);
    }

    /** The checker with this name; throws {@link UnknownCheckerException} naming the known ones. */
    public PathChecker forName(String name) {
        PathChecker c = byName.get(Objects.requireNonNull(name, "name"));
        if (c == null) throw new UnknownCheckerException(name, byName.keySet());
        return c;
    }

    public Set<String> names() {
        return Set.copyOf(byName.keySet());
    }

    /** How many Linux AIO contexts the directio checkers use now (0 for simulated checkers). */
    public int aioContextCount() {
        return aio == null ? 0 : aio.contextCount();
    }

    /** SG_IO workers blocked in a check that already timed out. */
    public int stuckSgWorkers() {
        return sg == null ? 0 : sg.stuckCount();
    }

    /**
     * Closes every checker, then the AIO contexts and the SG_IO pool; call on the loop. Completes once their device
     * fds are closed and AIO contexts destroyed (a check stuck in the kernel excepted), so that the caller can close
     * Vert.x, or unload the disks, after it.
     */
    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        for (PathChecker c : Set.copyOf(byName.values())) closing.add(c.close());
        if (aio != null) closing.add(aio.close());
        if (sg != null) sg.close();
        return Future.all(closing).mapEmpty();
    }
}
