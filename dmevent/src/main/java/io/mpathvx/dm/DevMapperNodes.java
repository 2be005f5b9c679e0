package io.mpathvx.dm;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.model.DevT;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Keeps /dev/mapper/&lt;name&gt; block nodes when udevd is not running, as libdevmapper does: create (mknod, mode
 * 0600) after create/resume, remove after remove/rename. The directory is a parameter so tests can use a temp dir.
 * Blocking file I/O: call from a worker.
 */
public final class DevMapperNodes {
    public static final Path DEFAULT_DIR = Path.of("/dev/mapper");
    /** udevd's control socket: present while udevd runs, and then udev rules create the nodes. */
    static final Path UDEV_CONTROL = Path.of("/run/udev/control");
    static final int MODE = 0600;
    private static final String CONTROL = "control";

    /** Makes a block device node; the seam for hosts where mknod is not permitted. */
    interface NodeMaker {
        void mknod(Path path, int mode, DevT devt) throws IOException;
    }

    private final Path dir;
    private final NodeMaker maker;

    DevMapperNodes(Path dir, NodeMaker maker) {
        this.dir = dir;
        this.maker = maker;
    }

    /** Nodes in {@code dir}, made with mknod(2). */
    public static DevMapperNodes at(Path dir) {
        return new DevMapperNodes(dir, DevMapperNodes::nativeMknod);
    }

    public static boolean udevRunning() {
        return Files.exists(UDEV_CONTROL);
    }

    public Path dir() {
        return dir;
    }

    /** Makes {@code dir/name} a block node for {@code devt}; a node already right is left alone, a wrong one replaced. */
    public void create(String name, DevT devt) throws IOException {
        Path p = node(name);
        Files.createDirectories(dir);
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            if (devt.equals(rdev(p))) return;
            Files.delete(p);
        }
        maker.mknod(p, MODE, devt);
    }

    /** Removes {@code dir/name} if present. */
    public void remove(String name) throws IOException {
        Files.deleteIfExists(node(name));
    }

    /**
     * Makes the directory match the kernel's device list: creates missing or wrong nodes and removes block nodes of
     * devices that no longer exist (e.g. after a deferred remove completed).
     */
    public void sync(Collection<DmDevice> devices) throws IOException {
        Set<String> names = new HashSet<>();
        for (DmDevice d : devices) {
            names.add(d.name());
            create(d.name(), d.devt());
        }
        if (!Files.isDirectory(dir)) return;
        List<Path> present;
        try (Stream<Path> s = Files.list(dir)) {
            present = s.toList();
        }
        for (Path p : present) {
            String n = p.getFileName().toString();
            if (!n.equals(CONTROL) && !names.contains(n) && rdev(p) != null) Files.deleteIfExists(p);
        }
    }

    /** The device number of a block node, or null when {@code p} is no block node. */
    static DevT rdev(Path p) throws IOException {
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if ((mode & 0xf000) != Libc.S_IFBLK) return null;
        long rdev = (Long) Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        // glibc's dev_t encoding: same as the kernel's huge encoding for majors below 4096.
        return DevT.decode(rdev);
    }

    private Path node(String name) {
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..") || name.equals(CONTROL)) {
            throw new IllegalArgumentException("not a dm device name: '" + name + "'");
        }
        return dir.resolve(name);
    }

    private static void nativeMknod(Path path, int mode, DevT devt) throws IOException {
        Libc libc = Libc.get();
        if (libc.mknod(path.toString(), Libc.S_IFBLK | mode, devt.encode()) != 0) {
            throw new IOException("mknod " + path + " " + devt + ": errno " + Libc.errno());
        }
    }
}
