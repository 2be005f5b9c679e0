package io.mpathvx.uevent;

import io.mpathvx.core.kernel.Sysfs;
import io.mpathvx.core.model.DevT;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@link Sysfs} over the real {@code /sys} and udev's database ({@code /run/udev/data}) with java.nio. Blocking:
 * call from a worker. Both roots are configurable so tests can point it at a directory tree.
 */
public final class LinuxSysfs implements Sysfs {
    private final Path root;
    private final Path udevData;

    public LinuxSysfs() {
        this(Path.of("/sys"), Path.of("/run/udev/data"));
    }

    public LinuxSysfs(Path root, Path udevData) {
        this.root = root;
        this.udevData = udevData;
    }

    @Override
    public Optional<String> read(String path) throws IOException {
        return readBytes(path).map(b -> {
            int len = b.length;
            while (len > 0 && (b[len - 1] == '\n')) len--;
            return new String(b, 0, len, StandardCharsets.UTF_8);
        });
    }

    @Override
    public Optional<byte[]> readBytes(String path) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(resolve(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public List<String> list(String dir) throws IOException {
        try (Stream<Path> s = Files.list(resolve(dir))) {
            List<String> names = new ArrayList<>();
            s.forEach(p -> names.add(p.getFileName().toString()));
            Collections.sort(names);
            return names;
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
    }

    @Override
    public Optional<String> readLink(String path) throws IOException {
        try {
            return Optional.of(Files.readSymbolicLink(resolve(path)).toString());
        } catch (NoSuchFileException | NotLinkException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String path, String value) throws IOException {
        Files.writeString(resolve(path), value, StandardCharsets.UTF_8);
    }

    /** udevd's control socket exists ({@code /run/udev/control}, beside the database). */
    @Override
    public boolean udevRunning() {
        Path dir = udevData.getParent();
        return dir != null && Files.exists(dir.resolve("control"));
    }

    @Override
    public Optional<Map<String, String>> udevProperties(DevT devt) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(udevData.resolve("b" + devt.major() + ":" + devt.minor()), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        Map<String, String> props = new LinkedHashMap<>();
        StringBuilder links = new StringBuilder();
        for (String line : lines) {
            // S: lines are the device's symlinks under /dev; libudev shows them as the DEVLINKS property
            if (line.startsWith("S:")) links.append(links.length() == 0 ? "" : " ").append("/dev/").append(line.substring(2));
            if (!line.startsWith("E:")) continue;
            int eq = line.indexOf('=');
            if (eq > 2) props.putIfAbsent(line.substring(2, eq), line.substring(eq + 1));
        }
        if (links.length() > 0) props.putIfAbsent("DEVLINKS", links.toString());
        return Optional.of(props);
    }

    private Path resolve(String path) {
        String rel = path.startsWith("/") ? path.substring(1) : path;
        if (rel.contains("..") && Path.of(rel).normalize().startsWith("..")) {
            throw new IllegalArgumentException("path leaves sysfs: " + path);
        }
        return root.resolve(rel);
    }
}
