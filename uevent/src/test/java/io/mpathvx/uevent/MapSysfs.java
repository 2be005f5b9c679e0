package io.mpathvx.uevent;

import io.mpathvx.core.kernel.Sysfs;
import io.mpathvx.core.model.DevT;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A tiny in-memory sysfs that counts reads of one attribute, to observe the discovery cache. */
final class MapSysfs implements Sysfs {
    final Map<String, String> files = new ConcurrentHashMap<>();
    final AtomicInteger vendorReads = new AtomicInteger();

    @Override
    public Optional<String> read(String path) {
        if (path.endsWith("/device/vendor")) vendorReads.incrementAndGet();
        return Optional.ofNullable(files.get(path));
    }

    @Override
    public Optional<byte[]> readBytes(String path) {
        return read(path).map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public List<String> list(String dir) {
        TreeSet<String> names = new TreeSet<>();
        String prefix = dir + "/";
        for (String f : files.keySet()) {
            if (f.startsWith(prefix)) names.add(f.substring(prefix.length()).split("/")[0]);
        }
        return List.copyOf(names);
    }

    @Override
    public Optional<String> readLink(String path) {
        return Optional.empty();
    }

    @Override
    public void write(String path, String value) {
        files.put(path, value);
    }

    @Override
    public Optional<Map<String, String>> udevProperties(DevT devt) {
        return Optional.empty();
    }
}
