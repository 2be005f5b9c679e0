package io.mpathvx.api;

import io.mpathvx.core.testkit.GuestKernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The guest kernel's multipath maps as dmsetup and sysfs show them, for tests that check the daemon from outside. */
final class KernelMaps {
    private KernelMaps() {
    }

    /** dm name → table line ("0 SECTORS multipath ..."), for every multipath map. */
    static Map<String, String> tables() {
        Map<String, String> maps = new TreeMap<>();
        GuestKernel.dmsetup("table", "--target", "multipath").output().lines()
                .filter(l -> l.contains(": ") && l.contains(" multipath "))
                .forEach(l -> maps.put(l.substring(0, l.indexOf(": ")), l.substring(l.indexOf(": ") + 2)));
        return maps;
    }

    /** {@code dmsetup status NAME}. */
    static String status(String map) {
        return GuestKernel.dmsetup("status", map).output().strip();
    }

    /** How many path devices a table or status line names (its M:m words). */
    static long pathCount(String line) {
        return Arrays.stream(line.split("\\s+")).filter(w -> w.matches("\\d+:\\d+")).count();
    }

    /** Kernel name (dm-3) → dm name, from /sys/block/dm-N/dm/name. */
    static Map<String, String> dmNames() {
        Map<String, String> names = new TreeMap<>();
        try (Stream<Path> blocks = Files.list(Path.of("/sys/block"))) {
            blocks.filter(b -> b.getFileName().toString().startsWith("dm-")).forEach(b -> {
                try {
                    names.put(b.getFileName().toString(), Files.readString(b.resolve("dm/name")).strip());
                } catch (IOException e) {
                    // removed while listing
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** A disk's ALUA state from sysfs ("active/optimized", "standby", ...; "" without ALUA). */
    static String accessState(String disk) {
        try {
            return Files.readString(Path.of("/sys/block", disk, "device/access_state")).strip();
        } catch (IOException e) {
            return "";
        }
    }
}
