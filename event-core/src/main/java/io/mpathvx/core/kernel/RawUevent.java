package io.mpathvx.core.kernel;

/**
 * One netlink uevent datagram exactly as received.
 *
 * @param group     1 for the kernel's group, 2 for udevd's re-broadcast
 * @param senderPid the sender's netlink port id (0 for the kernel)
 * @param senderUid the sender's uid from SCM_CREDENTIALS, or -1 when none came with the datagram
 * @param data      the datagram's bytes
 */
public record RawUevent(int group, int senderPid, int senderUid, byte[] data) {
    public static final int KERNEL_GROUP = 1;
    public static final int UDEV_GROUP = 2;
}
