package io.mpathvx.uevent;

import io.mpathvx.core.model.DevT;

/**
 * A uevent on a device-mapper device (kernel name dm-N). Never filtered or merged. dm-multipath reports path
 * failures as {@code change} with {@link #dmAction()} PATH_FAILED / PATH_REINSTATED and {@link #dmPath()}.
 *
 * @param name  the kernel name, e.g. {@code dm-3}
 * @param devt  null when the uevent had no valid MAJOR/MINOR
 */
public record MapUevent(String name, DevT devt, String action, Uevent uevent) {
    static MapUevent of(Uevent ev) {
        return new MapUevent(ev.kernelName(), ev.devt().orElse(null), ev.action(), ev);
    }

    public String dmName() {
        return uevent.dmName();
    }

    public String dmUuid() {
        return uevent.dmUuid();
    }

    public String dmAction() {
        return uevent.dmAction();
    }

    public String dmPath() {
        return uevent.dmPath();
    }

    /** Whether DM_UUID says this is a multipath map ({@code mpath-...}). */
    public boolean isMultipath() {
        return uevent.isMultipath();
    }
}
