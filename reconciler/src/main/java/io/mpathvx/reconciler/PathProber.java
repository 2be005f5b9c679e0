package io.mpathvx.reconciler;

import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.kernel.Sysfs;
import io.mpathvx.core.model.Path;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.PathInfo;
import io.mpathvx.reconciler.desired.Priorities;

import java.io.IOException;

/** Adds to a discovered path what grouping needs (priority, serial). May do sysfs I/O: then {@link #blocking()}. */
public interface PathProber {
    PathInfo probe(Path path, MapPolicy policy);

    /** Whether {@link #probe} does I/O and must run on a worker. */
    default boolean blocking() {
        return true;
    }

    /** Every path priority 1 (prio const), no serial: no I/O. */
    static PathProber constant() {
        return new PathProber() {
            @Override
            public PathInfo probe(Path path, MapPolicy policy) {
                return PathInfo.of(path, Priorities.constant());
            }

            @Override
            public boolean blocking() {
                return false;
            }
        };
    }

    /**
     * Reads the priority from sysfs for prio alua and sysfs ({@code device/access_state}, {@code device/preferred_path})
     * and the serial from {@code device/vpd_pg80} when present; const gives 1.
     */
    static PathProber sysfs(Sysfs sysfs) {
        return (path, policy) -> {
            String dev = "block/" + path.name() + "/device/";
            int prio = Priorities.constant();
            String serial = "";
            try {
                if (policy.prio().equals("alua") || policy.prio().equals("sysfs")) {
                    prio = Priorities.fromAccessState(sysfs.read(dev + "access_state").orElse(null),
                            sysfs.read(dev + "preferred_path").orElse(null), policy.prioArgs());
                }
                if (policy.grouping() == PathGroupingPolicy.GROUP_BY_SERIAL) {
                    serial = sysfs.readBytes(dev + "vpd_pg80").map(PathProber::unitSerial).orElse("");
                }
            } catch (IOException e) {
                prio = Priorities.UNDEF;
            }
            return new PathInfo(path, prio, serial, false);
        };
    }

    /**
     * Probes as multipathd does: the device's answers (TPGS, RTPG, VPD pages, sysfs handler state) select the
     * checker and prioritizer with the configuration's selector, and the selected prioritizer gives the priority.
     */
    static PathProber device(Sysfs sysfs, io.mpathvx.core.kernel.ScsiPort scsi, io.mpathvx.core.kernel.NvmePort nvme,
                             io.mpathvx.core.kernel.BlockReadPort reads) {
        return new DeviceProber(new DevicePorts(sysfs, scsi, nvme, reads));
    }

    /** The unit serial number from a VPD page 0x80 (4-byte header, then the serial, space padded). */
    private static String unitSerial(byte[] page) {
        if (page.length < 4) return "";
        int len = Math.min(((page[2] & 0xff) << 8) | (page[3] & 0xff), page.length - 4);
        return new String(page, 4, len, java.nio.charset.StandardCharsets.US_ASCII).strip();
    }
}
