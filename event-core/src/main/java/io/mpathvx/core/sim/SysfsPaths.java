package io.mpathvx.core.sim;

import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.ScsiAddress;

import java.util.Arrays;

/**
 * Where a sysfs path leads in the simulated kernel: {@code block/X}, {@code class/block/X}, {@code dev/block/M:m}
 * and the real {@code devices/...} locations resolve to a disk or a dm device and the attribute path below it.
 * Callers hold the kernel's lock.
 */
final class SysfsPaths {
    private final SimulatedKernel k;

    SysfsPaths(SimulatedKernel kernel) {
        this.k = kernel;
    }

    /** A path resolved to a block device and the rest of the path below it. */
    record Node(SimDisk disk, SimMap map, String rest) {
    }

    /** Resolves block/X/..., class/block/X/... and dev/block/M:m/...; null for anything else. */
    Node resolve(String path) {
        String p = normalise(path);
        String rest;
        String name;
        if (p.startsWith("class/block/")) p = p.substring("class/".length());
        if (p.startsWith("devices/")) p = fromDevicesPath(p);
        if (p.startsWith("block/")) {
            String tail = p.substring("block/".length());
            int slash = tail.indexOf('/');
            name = slash < 0 ? tail : tail.substring(0, slash);
            rest = slash < 0 ? "" : tail.substring(slash + 1);
            SimDisk d = k.disksByName.get(name);
            if (d != null) return new Node(d, null, rest);
            if (name.startsWith("dm-")) {
                try {
                    SimMap m = k.mapsByMinor.get(Integer.parseInt(name.substring(3)));
                    if (m != null && m.diskAdded) return new Node(null, m, rest);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }
        if (p.startsWith("dev/block/")) {
            String tail = p.substring("dev/block/".length());
            int slash = tail.indexOf('/');
            String num = slash < 0 ? tail : tail.substring(0, slash);
            rest = slash < 0 ? "" : tail.substring(slash + 1);
            try {
                DevT devt = DevT.parse(num);
                SimDisk d = k.disksByDevt.get(devt);
                if (d != null) return new Node(d, null, rest);
                if (devt.major() == k.dmMajor) {
                    SimMap m = k.mapsByMinor.get(devt.minor());
                    if (m != null && m.diskAdded) return new Node(null, m, rest);
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    /**
     * Maps the real location of a device to the block/ view: {@code devices/.../block/sdX/...} → {@code block/sdX/...},
     * {@code devices/.../H:C:T:L/attr} → {@code block/sdX/device/attr}; anything else stays as it is (and resolves to
     * nothing).
     */
    private String fromDevicesPath(String p) {
        int blk = p.indexOf("/block/");
        if (blk >= 0) {
            String tail = p.substring(blk + 1);
            String name = tail.substring("block/".length()).split("/", 2)[0];
            SimDisk d = k.disksByName.get(name);
            String expected = d != null ? d.blockDevpath() : name.startsWith("dm-") ? "/devices/virtual/block/" + name : null;
            return expected != null && ("/" + p).startsWith(expected) ? tail : p;
        }
        String[] parts = p.split("/");
        for (int i = parts.length - 1; i >= 0; i--) {
            if (!parts[i].matches("\\d+:\\d+:\\d+:\\d+")) continue;
            SimDisk d = k.san.diskAt(ScsiAddress.parse(parts[i]));
            if (d == null || !("/" + p).startsWith(d.scsiDevicePath())) return p;
            String rest = String.join("/", Arrays.copyOfRange(parts, i + 1, parts.length));
            return "block/" + d.name + "/device" + (rest.isEmpty() ? "" : "/" + rest);
        }
        return p;
    }

    static String normalise(String path) {
        String p = path.strip();
        if (p.startsWith("/sys/")) p = p.substring(5);
        while (p.startsWith("/")) p = p.substring(1);
        while (p.endsWith("/")) p = p.substring(0, p.length() - 1);
        return p;
    }
}
