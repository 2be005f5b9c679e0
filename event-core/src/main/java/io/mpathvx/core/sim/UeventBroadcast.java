package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.RawUevent;
import io.mpathvx.core.kernel.UeventSource;
import io.mpathvx.core.model.DevT;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Where the simulated kernel's uevents go: every listener on the kernel's netlink group gets each one with its SEQNUM,
 * and when udev runs, every listener on udev's group gets udevd's re-broadcast with the database's properties.
 * Dropped uevents and forced overflows come from the kernel's {@link Faults}.
 */
final class UeventBroadcast {
    /** udevd's netlink port id in its re-broadcasts (any non-zero value: not the kernel). */
    static final int UDEVD_PORT = 0x7ffe0001;

    private final SimulatedKernel k;
    private final List<SimUeventSource> sources = new CopyOnWriteArrayList<>();
    private final List<SimUeventSource> udevSources = new CopyOnWriteArrayList<>();
    private final SimUeventSource defaultSource;
    private long seqnum = 1000; // guarded by the kernel's lock

    /** @param capacity the default listener's queue (datagrams) */
    UeventBroadcast(SimulatedKernel kernel, int capacity) {
        this.k = kernel;
        this.defaultSource = new SimUeventSource(capacity, () -> { });
        sources.add(defaultSource);
        k.faults().onOverflow(() -> {
            sources.forEach(SimUeventSource::forceOverflow);
            udevSources.forEach(SimUeventSource::forceOverflow);
        });
    }

    /** The kernel's own listener (the simulated kernel is a {@link UeventSource} through it). */
    SimUeventSource defaultSource() {
        return defaultSource;
    }

    /** Sends a uevent to every listener (caller holds the lock, so SEQNUMs go out in order). */
    void emit(UeventText u) {
        long seq = ++seqnum;
        if (k.faults().takeDroppedUevent()) return;
        RawUevent raw = new RawUevent(RawUevent.KERNEL_GROUP, 0, 0, u.bytes(seq));
        for (SimUeventSource s : sources) s.offer(raw);
        if (k.udev && !udevSources.isEmpty()) {
            // udevd runs its rules, then re-broadcasts with its database properties (it does so after the kernel event)
            Map<String, String> props = Map.of();
            boolean block = u.subsystem.equals("block");
            if (block && !u.action.equals("remove")) {
                props = k.udevDatabase.properties(new DevT(Integer.parseInt(u.get("MAJOR")), Integer.parseInt(u.get("MINOR"))))
                        .orElse(Map.of());
            }
            long usec = k.clock().nanos() / 1000;
            RawUevent msg = new RawUevent(RawUevent.UDEV_GROUP, UDEVD_PORT, 0, UdevMessage.encode(u, seq, usec, props, block));
            for (SimUeventSource s : udevSources) s.offer(msg);
        }
    }

    /** Opens another uevent listener (its own socket and queue) that receives every uevent from now on. */
    UeventSource openUeventSource(int capacity) {
        SimUeventSource[] self = new SimUeventSource[1];
        self[0] = new SimUeventSource(capacity, () -> sources.remove(self[0]));
        sources.add(self[0]);
        return self[0];
    }

    /**
     * Opens a listener on udev's multicast group (2): every uevent re-broadcast by udevd in libudev's format, with
     * udev's properties added. Receives nothing when the topology says udev does not run.
     */
    UeventSource openUdevSource(int capacity) {
        SimUeventSource[] self = new SimUeventSource[1];
        self[0] = new SimUeventSource(capacity, () -> udevSources.remove(self[0]));
        udevSources.add(self[0]);
        return self[0];
    }
}
