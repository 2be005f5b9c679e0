package io.mpathvx.api;

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
import java.util.concurrent.atomic.AtomicLong;

/** Counts the calls that change maps, so a test can tell that a restart loaded no table and suspended nothing. */
final class CountingDmControl implements DmControl {
    private final DmControl dm;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    CountingDmControl(DmControl dm) {
        this.dm = dm;
    }

    long count(String call) {
        AtomicLong n = counts.get(call);
        return n == null ? 0 : n.get();
    }

    private void hit(String call) {
        counts.computeIfAbsent(call, k -> new AtomicLong()).incrementAndGet();
    }

    @Override public DmVersion version() throws DmException { return dm.version(); }
    @Override public List<DmDevice> listDevices() throws DmException { return dm.listDevices(); }
    @Override public DmInfo create(String name, String uuid) throws DmException { hit("create"); return dm.create(name, uuid); }
    @Override public void remove(String name, boolean deferred) throws DmException { hit("remove"); dm.remove(name, deferred); }
    @Override public void rename(String name, String newName) throws DmException { hit("rename"); dm.rename(name, newName); }
    @Override public DmInfo suspend(String name, boolean noFlush, boolean skipLockfs) throws DmException { hit("suspend"); return dm.suspend(name, noFlush, skipLockfs); }
    @Override public DmInfo resume(String name) throws DmException { hit("resume"); return dm.resume(name); }
    @Override public DmInfo info(String name) throws DmException { return dm.info(name); }
    @Override public DmInfo loadTable(String name, List<DmTarget> targets) throws DmException { hit("load"); return dm.loadTable(name, targets); }
    @Override public void clearTable(String name) throws DmException { dm.clearTable(name); }
    @Override public List<DmTarget> table(String name) throws DmException { return dm.table(name); }
    @Override public List<DmTarget> status(String name) throws DmException { return dm.status(name); }
    @Override public List<DevT> deps(String name) throws DmException { return dm.deps(name); }
    @Override public Map<String, DmVersion> targetVersions() throws DmException { return dm.targetVersions(); }
    @Override public String message(String name, long sector, String message) throws DmException { hit("message"); return dm.message(name, sector, message); }
    @Override public DmEventChannel openEventChannel() throws DmException { return dm.openEventChannel(); }
    @Override public void close() { dm.close(); }
}
