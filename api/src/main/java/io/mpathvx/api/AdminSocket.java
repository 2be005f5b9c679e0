package io.mpathvx.api;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The admin socket's file: its directory made private before the bind (so no one can connect in the moment between
 * bind and chmod), a stale socket of a dead daemon removed, a live one refused, and the socket's mode set after the
 * bind: 0600, or 0660 with the read group. All blocking: call off the event loop (start-up does).
 */
final class AdminSocket {
    static final String DEFAULT = "/run/mpathvx/mpathvx.sock";

    /** The socket when --socket is not given: root's in /run, another user's (a --sim daemon) in /tmp/mpathvx-UID. */
    static String defaultPath() {
        try {
            int uid = ownUid();
            return uid == 0 ? DEFAULT : "/tmp/mpathvx-" + uid + "/mpathvx.sock";
        } catch (IOException e) {
            return DEFAULT;
        }
    }

    private AdminSocket() {
    }

    /**
     * Creates the directory (0700, or 0750 with the read group) and removes a stale socket.
     *
     * @param readGroup group name whose members may read, or null
     * @return the read group's gid, -1 without one
     * @throws IOException when another daemon answers on the socket, or the files cannot be set up
     */
    static int prepare(Path socket, String readGroup) throws IOException {
        Path dir = socket.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) Files.createDirectories(dir);
        GroupPrincipal group = readGroup == null ? null
                : dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(readGroup);
        if (dir.getFileName() != null && dir.getFileName().toString().startsWith("mpathvx")) {
            if ((Integer) Files.getAttribute(dir, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS) != ownUid()) {
                throw new IOException(dir + " belongs to another user");
            }
            // our own directory: private, or open to the read group only
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(group == null ? "rwx------" : "rwxr-x---"));
            if (group != null) Files.getFileAttributeView(dir, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
        }
        if (Files.exists(socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            if (answers(socket)) throw new IOException("another daemon answers on " + socket);
            Files.delete(socket);
        }
        return group == null ? -1 : gid(group, dir);
    }

    /** After the bind: 0600, or 0660 owned by the read group. */
    static void secure(Path socket, String readGroup) throws IOException {
        Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString(readGroup == null ? "rw-------" : "rw-rw----"));
        if (readGroup != null) {
            GroupPrincipal group = socket.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(readGroup);
            Files.getFileAttributeView(socket, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
        }
    }

    /** The uid this process runs as: the socket's owner, who may act. */
    static int ownUid() throws IOException {
        return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    }

    private static int gid(GroupPrincipal group, Path scratchDir) throws IOException {
        // the JDK has no name-to-gid call: set the group on a scratch file and read its gid back
        Path probe = Files.createTempFile(scratchDir, ".gid", "");
        try {
            Files.getFileAttributeView(probe, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
            return (Integer) Files.getAttribute(probe, "unix:gid");
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    private static boolean answers(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
