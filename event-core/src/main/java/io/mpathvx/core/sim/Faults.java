package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.Errno;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;

/**
 * Faults a test arms on the simulated kernel. Each one applies to the next matching call(s) and is then used up.
 * Thread-safe.
 */
public final class Faults {
    private final SimClock clock;
    private final Map<DmCall, Deque<Errno>> failures = new EnumMap<>(DmCall.class);
    private final Map<DmCall, Deque<Stall>> stalls = new EnumMap<>(DmCall.class);
    private final Map<String, Integer> busyRemoves = new HashMap<>();
    private int droppedUevents;
    private Runnable overflowHook = () -> { };

    Faults(SimClock clock) {
        this.clock = clock;
    }

    /** The next call of {@code call} fails with {@code errno} (and changes nothing). */
    public Faults failNext(DmCall call, Errno errno) {
        return failNext(call, errno, 1);
    }

    /** The next {@code times} calls of {@code call} fail with {@code errno}. */
    public synchronized Faults failNext(DmCall call, Errno errno, int times) {
        Deque<Errno> q = failures.computeIfAbsent(call, k -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) q.add(errno);
        return this;
    }

    /** The next {@code times} removes of {@code map} fail with EBUSY, as if something held it open. */
    public synchronized Faults busyOnRemove(String map, int times) {
        busyRemoves.merge(map, times, Integer::sum);
        return this;
    }

    /** The next call of {@code call} hangs in the kernel until the returned stall is released. */
    public synchronized Stall hangNext(DmCall call) {
        Stall s = new Stall(clock, Long.MAX_VALUE);
        stalls.computeIfAbsent(call, k -> new ArrayDeque<>()).add(s);
        return s;
    }

    /** The next call of {@code call} takes {@code duration} of simulated time: it returns once the clock has moved that far. */
    public synchronized Stall slowNext(DmCall call, Duration duration) {
        // The deadline counts from arming: the clock is the test's, not the call's.
        Stall s = new Stall(clock, clock.nanos() + duration.toNanos());
        stalls.computeIfAbsent(call, k -> new ArrayDeque<>()).add(s);
        return s;
    }

    /** The next {@code n} uevents are lost silently (no listener sees them, and no overflow is reported). */
    public synchronized Faults dropUevents(int n) {
        droppedUevents += n;
        return this;
    }

    /** Every uevent listener overflows now: its next drain throws UeventOverflowException (ENOBUFS). */
    public void overflowUevents() {
        Runnable hook;
        synchronized (this) {
            hook = overflowHook;
        }
        hook.run();
    }

    /** Forgets every armed fault. */
    public synchronized void clear() {
        failures.clear();
        stalls.values().forEach(q -> q.forEach(Stall::release));
        stalls.clear();
        busyRemoves.clear();
        droppedUevents = 0;
    }

    synchronized void onOverflow(Runnable hook) {
        this.overflowHook = hook;
    }

    /** Applies stalls (outside any kernel lock) then armed failures for one call. */
    void before(DmCall call, String map) throws DmException {
        Stall stall;
        Errno fail;
        synchronized (this) {
            Deque<Stall> sq = stalls.get(call);
            stall = sq == null ? null : sq.poll();
        }
        if (stall != null) {
            try {
                stall.pass();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DmException(call.ioctl(), map, Errno.EINTR, "interrupted while hung");
            }
        }
        synchronized (this) {
            Deque<Errno> fq = failures.get(call);
            fail = fq == null ? null : fq.poll();
        }
        if (fail != null) throw new DmException(call.ioctl(), map, fail, "injected fault");
    }

    synchronized boolean takeBusyRemove(String map) {
        Integer n = busyRemoves.get(map);
        if (n == null) return false;
        if (n <= 1) busyRemoves.remove(map);
        else busyRemoves.put(map, n - 1);
        return true;
    }

    synchronized boolean takeDroppedUevent() {
        if (droppedUevents == 0) return false;
        droppedUevents--;
        return true;
    }
}
