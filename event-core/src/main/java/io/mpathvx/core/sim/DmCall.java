package io.mpathvx.core.sim;

/**
 * The kinds of {@link io.mpathvx.core.kernel.DmControl} call the simulated kernel counts and can fail, one per method
 * (RESUME and SUSPEND are one ioctl, DM_DEV_SUSPEND, in the kernel, but callers care which one they made).
 */
public enum DmCall {
    VERSION("DM_VERSION"), LIST_DEVICES("DM_LIST_DEVICES"), CREATE("DM_DEV_CREATE"), REMOVE("DM_DEV_REMOVE"),
    RENAME("DM_DEV_RENAME"), SUSPEND("DM_DEV_SUSPEND"), RESUME("DM_DEV_SUSPEND"), INFO("DM_DEV_STATUS"),
    TABLE_LOAD("DM_TABLE_LOAD"), TABLE_CLEAR("DM_TABLE_CLEAR"), TABLE("DM_TABLE_STATUS"), STATUS("DM_TABLE_STATUS"),
    DEPS("DM_TABLE_DEPS"), TARGET_VERSIONS("DM_LIST_VERSIONS"), MESSAGE("DM_TARGET_MSG"),
    /** Opening /dev/mapper/control for events. */
    OPEN_EVENT_CHANNEL("open"),
    /** DM_DEV_ARM_POLL on an event channel. */
    ARM_POLL("DM_DEV_ARM_POLL"),
    /** DM_LIST_DEVICES through an event channel. */
    EVENT_LIST_DEVICES("DM_LIST_DEVICES");

    private final String ioctl;

    DmCall(String ioctl) {
        this.ioctl = ioctl;
    }

    /** The ioctl's name as {@link io.mpathvx.core.kernel.DmException#call()} reports it (as the Linux DmControl does). */
    public String ioctl() {
        return ioctl;
    }
}
