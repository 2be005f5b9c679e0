package io.mpathvx.core.sim;

/**
 * The kinds of {@link io.mpathvx.core.kernel.DmControl} call the simulated kernel counts and can fail, one per method
 * (RESUME and SUSPEND are one ioctl, DM_DEV_SUSPEND, in the kernel, but callers care which one they made).
 */
public enum DmCall {
    VERSION, LIST_DEVICES, CREATE, REMOVE, RENAME, SUSPEND, RESUME, INFO, TABLE_LOAD, TABLE_CLEAR, TABLE, STATUS,
    DEPS, TARGET_VERSIONS, MESSAGE, OPEN_EVENT_CHANNEL,
    /** DM_DEV_ARM_POLL on an event channel. */
    ARM_POLL,
    /** DM_LIST_DEVICES through an event channel. */
    EVENT_LIST_DEVICES
}
