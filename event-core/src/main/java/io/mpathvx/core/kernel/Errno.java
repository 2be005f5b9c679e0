package io.mpathvx.core.kernel;

/** The Linux errno values the kernel ports report (x86_64 numbering). */
public enum Errno {
    EPERM(1), ENOENT(2), EINTR(4), EIO(5), ENXIO(6), E2BIG(7), EBADF(9), EAGAIN(11), ENOMEM(12), EACCES(13),
    EFAULT(14), EBUSY(16), EEXIST(17), ENODEV(19), EINVAL(22), ENOTTY(25), ENOSPC(28), ENOSYS(38),
    ENODATA(61), ETIME(62), EOVERFLOW(75), ENOBUFS(105), ETIMEDOUT(110), ECANCELED(125), UNKNOWN(-1);

    private final int number;

    Errno(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    public static Errno of(int number) {
        for (Errno e : values()) if (e.number == number) return e;
        return UNKNOWN;
    }
}
