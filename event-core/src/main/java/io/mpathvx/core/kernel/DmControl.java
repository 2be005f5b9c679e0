package io.mpathvx.core.kernel;

import io.mpathvx.core.model.DevT;

import java.util.List;
import java.util.Map;

/**
 * The device-mapper control interface, one method per dm ioctl. Every call may block (a suspend waits for I/O):
 * call it from a worker thread, never from the event loop. Errors are {@link DmException}s carrying the errno.
 */
public interface DmControl extends AutoCloseable {
    /** The kernel's dm ioctl interface version. */
    DmVersion version() throws DmException;

    /** All dm devices with their event counters and uuids. */
    List<DmDevice> listDevices() throws DmException;

    /** Creates a device with no table. */
    DmInfo create(String name, String uuid) throws DmException;

    /** Removes a device; with {@code deferred} the kernel removes it on last close if it is open now. */
    void remove(String name, boolean deferred) throws DmException;

    void rename(String name, String newName) throws DmException;

    DmInfo suspend(String name, boolean noFlush, boolean skipLockfs) throws DmException;

    /** Resumes the device, making a loaded inactive table live. */
    DmInfo resume(String name) throws DmException;

    DmInfo info(String name) throws DmException;

    /** Loads the inactive table. */
    DmInfo loadTable(String name, List<DmTarget> targets) throws DmException;

    void clearTable(String name) throws DmException;

    /** The live table's target lines (DM_TABLE_STATUS with DM_STATUS_TABLE_FLAG). */
    List<DmTarget> table(String name) throws DmException;

    /** The live table's status lines (DM_TABLE_STATUS). */
    List<DmTarget> status(String name) throws DmException;

    /** Devices the live table uses. */
    List<DevT> deps(String name) throws DmException;

    /** Loaded target types and their versions. */
    Map<String, DmVersion> targetVersions() throws DmException;

    /** Sends a message to the target at {@code sector}; returns the target's reply, empty if none. */
    String message(String name, long sector, String message) throws DmException;

    /**
     * Opens the channel that tells about dm events on all devices (the ARM_POLL protocol). The daemon opens one.
     */
    DmEventChannel openEventChannel() throws DmException;

    @Override
    void close();
}
