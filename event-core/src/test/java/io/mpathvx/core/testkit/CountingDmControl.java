package io.mpathvx.core.testkit;

import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.kernel.DmEventChannel;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.core.kernel.DmInfo;
import io.mpathvx.core.kernel.DmTarget;
import io.mpathvx.core.kernel.DmVersion;
import io.mpathvx.core.model.DevT;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the calls made to a real DmControl by kind (CREATE, TABLE_LOAD, SUSPEND, ...): the real-kernel tier has no simulated counters. */
public final class CountingDmControl implements DmControl {
    private final DmControl d;
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public CountingDmControl(DmControl delegate) {
        this.d = delegate;
    }

    public long count(String call) {
        LongAdder a = counts.get(call);
        return a == null ? 0 : a.sum();
    }

    public void reset() {
        counts.clear();
    }

    @Override
    public String toString() {
        return counts.toString();
    }

    private void hit(String call) {
        counts.computeIfAbsent(call, k -> new LongAdder()).increment();
    }

    @Override public DmVersion version() throws DmException { hit("VERSION"); return d.version(); }
    @Override public List<DmDevice> listDevices() throws DmException { hit("LIST_DEVICES"); return d.listDevices(); }
    @Override public DmInfo create(String name, String uuid) throws DmException { hit("CREATE"); return d.create(name, uuid); }
    @Override public void remove(String name, boolean deferred) throws DmException { hit("REMOVE"); d.remove(name, deferred); }
    @Override public void rename(String name, String newName) throws DmException { hit("RENAME"); d.rename(name, newName); }
    @Override public DmInfo suspend(String name, boolean noFlush, boolean skipLockfs) throws DmException { hit("SUSPEND"); return d.suspend(name, noFlush, skipLockfs); }
    @Override public DmInfo resume(String name) throws DmException { hit("RESUME"); return d.resume(name); }
    @Override public DmInfo info(String name) throws DmException { hit("INFO"); return d.info(name); }
    @Override public DmInfo loadTable(String name, List<DmTarget> targets) throws DmException { hit("TABLE_LOAD"); return d.loadTable(name, targets); }
    @Override public void clearTable(String name) throws DmException { hit("TABLE_CLEAR"); d.clearTable(name); }
    @Override public List<DmTarget> table(String name) throws DmException { hit("TABLE"); return d.table(name); }
    @Override public List<DmTarget> status(String name) throws DmException { hit("STATUS"); return d.status(name); }
    @Override public List<DevT> deps(String name) throws DmException { hit("DEPS"); return d.deps(name); }
    @Override public Map<String, DmVersion> targetVersions() throws DmException { hit("TARGET_VERSIONS"); return d.targetVersions(); }
    @Override public String message(String name, long sector, String message) throws DmException { hit("MESSAGE"); return d.message(name, sector, message); }
    @Override public DmEventChannel openEventChannel() throws DmException { hit("OPEN_EVENT_CHANNEL"); return d.openEventChannel(); }
    @Override public void close() { d.close(); }
}
