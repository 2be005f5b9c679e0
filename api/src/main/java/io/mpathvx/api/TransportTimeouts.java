package io.mpathvx.api;

import io.mpathvx.core.config.NoPathRetry;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Which transport timeouts to write for one path, as multipathd's sysfs_set_scsi_tmo() (libmultipath/discovery.c)
 * decides them: dev_loss_tmo is raised to cover no_path_retry × polling_interval (padded by one interval and a second
 * per minute; no_path_retry queue means the maximum), fast_io_fail_tmo is turned off when it is not below
 * dev_loss_tmo; FC remote ports get fast_io_fail_tmo and dev_loss_tmo in sysfs_set_rport_tmo()'s order (dev_loss_tmo
 * raised first when fast_io_fail_tmo would not fit under it, capped at 600 s without fast_io_fail_tmo unless
 * queueing), iSCSI sessions recovery_tmo (sysfs_set_session_tmo()), SAS end devices I_T_nexus_loss_timeout
 * (sysfs_set_nexus_loss_tmo()). Other protocols are not supported, as upstream. Pure.
 */
final class TransportTimeouts {
    static final long MAX_DEV_LOSS_TMO = 0xffffffffL;
    static final long DEFAULT_DEV_LOSS_TMO = 600;
    static final int DEFAULT_CHECKINT = 5;

    /** One sysfs attribute write, relative to the sysfs root. */
    record Write(String attribute, String value) {
    }

    /** The writes in order, or why none is possible. */
    record Plan(List<Write> writes, String unsupported) {
    }

    /**
     * @param protocol        the path's protocol (scsi:fcp, scsi:iscsi, scsi:sas, ...)
     * @param transportObject rport-H:C-T, sessionN or end_device-H:P, from the device's place in sysfs
     * @param fastIoFail      fast_io_fail_tmo: empty = off
     * @param devLoss         dev_loss_tmo: empty = unset (the kernel's value stays)
     * @param currentDevLoss  the rport's dev_loss_tmo now (FC only), read before planning
     */
    static Plan plan(String protocol, String transportObject, OptionalInt fastIoFail, OptionalLong devLoss,
                     NoPathRetry noPathRetry, int pollingInterval, long currentDevLoss) {
        long minDevLoss = 0;
        if (noPathRetry.kind() == NoPathRetry.Kind.RETRIES) {
            long tmo = (long) noPathRetry.retries() * pollingInterval;
            tmo += tmo / 60 + DEFAULT_CHECKINT;
            minDevLoss = Math.min(tmo, MAX_DEV_LOSS_TMO);
        } else if (noPathRetry.kind() == NoPathRetry.Kind.QUEUE) {
            minDevLoss = MAX_DEV_LOSS_TMO;
        }
        long dev = devLoss.orElse(0);
        if (dev == 0 && minDevLoss != 0) dev = minDevLoss;
        else if (dev < minDevLoss) dev = minDevLoss;
        // fast: -1 off, 0 zero, N seconds
        int fast = fastIoFail.isPresent() ? fastIoFail.getAsInt() : -1;
        if (dev != 0 && fast > 0 && fast >= dev) fast = -1;
        List<Write> out = new ArrayList<>(3);
        switch (protocol) {
            case "scsi:fcp" -> {
                String base = "class/fc_remote_ports/" + transportObject + "/";
                if (fast > 0) {
                    if (fast >= currentDevLoss) out.add(new Write(base + "dev_loss_tmo", Long.toString(fast + 1L)));
                } else if (dev > DEFAULT_DEV_LOSS_TMO && noPathRetry.kind() != NoPathRetry.Kind.QUEUE) {
                    dev = DEFAULT_DEV_LOSS_TMO; // "limiting dev_loss_tmo to 600, since fast_io_fail is not set"
                }
                out.add(new Write(base + "fast_io_fail_tmo", fast < 0 ? "off" : Integer.toString(fast)));
                if (dev != 0) out.add(new Write(base + "dev_loss_tmo", Long.toString(dev)));
            }
            case "scsi:iscsi" -> {
                // dev_loss_tmo is ignored on iSCSI; recovery_tmo cannot be off or 0
                if (fast > 0) out.add(new Write("class/iscsi_session/" + transportObject + "/recovery_tmo", Integer.toString(fast)));
            }
            case "scsi:sas" -> {
                if (dev != 0) out.add(new Write("class/sas_end_device/" + transportObject + "/I_T_nexus_loss_timeout", Long.toString(dev)));
            }
            default -> {
                return new Plan(List.of(), "setting scsi timeouts is unsupported for protocol " + protocol);
            }
        }
        return new Plan(out, null);
    }
}
