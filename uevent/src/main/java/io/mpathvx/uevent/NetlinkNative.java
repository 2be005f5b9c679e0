package io.mpathvx.uevent;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.ssize_t;

/** Every libc call, constant and struct layout the uevent socket needs (Linux x86_64/aarch64, LP64). */
final class NetlinkNative {
    private NetlinkNative() {
    }

    public interface LibC {
        @SaveError
        int socket(int domain, int type, int protocol);

        @SaveError
        int bind(int fd, Pointer addr, int addrLen);

        @SaveError
        int setsockopt(int fd, int level, int option, Pointer value, int valueLen);

        @SaveError
        int getsockopt(int fd, int level, int option, Pointer value, Pointer valueLen);

        @SaveError
        @ssize_t
        long recvmsg(int fd, Pointer msghdr, int flags);

        @SaveError
        int close(int fd);
    }

    static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(LIBC);

    static int errno() {
        return jnr.ffi.LastError.getLastError(RUNTIME);
    }

    static final int AF_NETLINK = 16;
    static final int SOCK_DGRAM = 2;
    static final int SOCK_NONBLOCK = 0x800;
    static final int SOCK_CLOEXEC = 0x80000;
    static final int NETLINK_KOBJECT_UEVENT = 15;

    static final int SOL_SOCKET = 1;
    static final int SO_RCVBUF = 8;
    static final int SO_PASSCRED = 16;
    static final int SO_RCVBUFFORCE = 33;
    static final int SCM_CREDENTIALS = 2;

    static final int MSG_TRUNC = 0x20;
    static final int MSG_DONTWAIT = 0x40;

    static final int EINTR = 4;
    static final int EAGAIN = 11;
    static final int EPERM = 1;
    static final int ENOBUFS = 105;

    /** struct sockaddr_nl: u16 family, u16 pad, u32 pid, u32 groups. */
    static final int SOCKADDR_NL_SIZE = 12;
    static final int NL_FAMILY = 0;
    static final int NL_PID = 4;
    static final int NL_GROUPS = 8;

    /** struct msghdr (64-bit). */
    static final int MSGHDR_SIZE = 56;
    static final int MSG_NAME = 0;
    static final int MSG_NAMELEN = 8;
    static final int MSG_IOV = 16;
    static final int MSG_IOVLEN = 24;
    static final int MSG_CONTROL = 32;
    static final int MSG_CONTROLLEN = 40;
    static final int MSG_FLAGS = 48;

    /** struct iovec: base pointer, size_t length. */
    static final int IOVEC_SIZE = 16;

    /** struct cmsghdr: size_t len, int level, int type, then data (aligned to 8). */
    static final int CMSG_LEN = 0;
    static final int CMSG_LEVEL = 8;
    static final int CMSG_TYPE = 12;
    static final int CMSG_DATA = 16;
    /** struct ucred: pid, uid, gid. */
    static final int UCRED_UID = 4;
    /** CMSG_SPACE(sizeof(struct ucred)) with room to spare. */
    static final int CONTROL_SIZE = 64;
}
