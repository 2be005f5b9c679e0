package io.mpathvx.core.sim;

import io.mpathvx.core.kernel.DmEventChannel;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * dm's event numbers: the global counter the event channels wait on (poked at each bump), each device's event_nr,
 * and the PATH_FAILED / PATH_REINSTATED uevents a multipath target sends before its event (event_callback).
 * Bumps happen under the kernel's lock.
 */
final class DmEvents {
    private final SimulatedKernel k;
    private volatile long globalEvent;
    private final List<SimEventChannel> channels = new CopyOnWriteArrayList<>();

    DmEvents(SimulatedKernel kernel) {
        this.k = kernel;
    }

    DmEventChannel openChannel() {
        SimEventChannel c = new SimEventChannel(k, globalEvent);
        channels.add(c);
        return c;
    }

    void channelClosed(SimEventChannel c) {
        channels.remove(c);
    }

    /** Path uevents then the dm event, as event_callback sends queued uevents before bumping event_nr. */
    void targetEvents(SimMap m, List<MultipathTarget.PathEvent> events, boolean triggered) {
        for (MultipathTarget.PathEvent ev : events) {
            k.broadcast.emit(pathUevent(m, ev));
            deviceEventBump(m);
        }
        if (events.isEmpty() && triggered) deviceEventBump(m);
    }

    private static UeventText pathUevent(SimMap m, MultipathTarget.PathEvent ev) {
        return new UeventText("change", m.devpath(), "block")
                .put("DM_TARGET", "multipath")
                .put("DM_ACTION", ev.failed() ? "PATH_FAILED" : "PATH_REINSTATED")
                .put("DM_SEQNUM", ++m.ueventSeq)
                .put("DM_PATH", ev.devt())
                .put("DM_NR_VALID_PATHS", ev.validPaths())
                .put("DM_NAME", m.name)
                .put("DM_UUID", m.uuid == null ? "" : m.uuid)
                .put("MAJOR", m.devt.major()).put("MINOR", m.devt.minor())
                .put("DEVNAME", m.kernelName()).put("DEVTYPE", "disk").put("DISKSEQ", m.diskseq);
    }

    void deviceEventBump(SimMap m) {
        m.eventNr++;
        globalEventBump();
    }

    void globalEventBump() {
        globalEvent++;
        for (SimEventChannel c : channels) c.poke();
    }

    /** The global dm event counter (what an event channel's readiness compares with its armed value). */
    long globalEventNr() {
        return globalEvent;
    }
}
