package io.mpathvx.reconciler;

import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.config.PathSelection;
import io.mpathvx.core.kernel.ScsiPort;
import io.mpathvx.core.kernel.Sysfs;
import io.mpathvx.core.model.Path;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.PathInfo;
import io.mpathvx.reconciler.desired.Priorities;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Probes a path as multipathd's pathinfo does: asks the device (SCSI commands, sysfs), selects the checker and
 * prioritizer from configuration and answers (propsel.c), then runs the prioritizer. Prioritizers mpathvx does not
 * have yet (ontap, emc, hds, hp_sw, ana, ...) give an undefined priority, as a failing one does in multipathd.
 */
final class DeviceProber implements PathProber {
    private final Sysfs sysfs;
    private final DeviceFactsReader reader;

    DeviceProber(Sysfs sysfs, ScsiPort scsi) {
        this.sysfs = sysfs;
        this.reader = new DeviceFactsReader(sysfs, scsi);
    }

    @Override
    public PathInfo probe(Path path, MapPolicy policy) {
        try {
            DeviceFactsReader.Read r = reader.read(path.name());
            PathSelection sel = policy.propertySelector() == null ? null : policy.propertySelector().select(path, r.facts());
            String prio = sel == null ? policy.prio() : sel.prio().value();
            String args = sel == null ? policy.prioArgs() : sel.prioArgs().value();
            int priority = switch (prio) {
                case "const" -> Priorities.constant();
                case "sysfs" -> Priorities.fromAccessState(r.accessState(), r.preferred(), args);
                case "alua" -> r.aas() < 0 ? Priorities.UNDEF : Priorities.fromAas(r.aas(), args);
                case "rdac" -> r.vpdC9().length == 0 ? Priorities.UNDEF : Priorities.rdac(r.vpdC9());
                default -> Priorities.UNDEF;
            };
            String serial = policy.grouping() == PathGroupingPolicy.GROUP_BY_SERIAL ? serial(path) : "";
            return new PathInfo(path, priority, serial, false, r.tpgId(), sel);
        } catch (IOException e) {
            return new PathInfo(path, Priorities.UNDEF, "", false);
        }
    }

    private String serial(Path path) throws IOException {
        return sysfs.readBytes("block/" + path.name() + "/device/vpd_pg80").map(DeviceProber::unitSerial).orElse("");
    }

    /** The unit serial number from a VPD page 0x80 (4-byte header, then the serial, space padded). */
    static String unitSerial(byte[] page) {
        if (page.length < 4) return "";
        int len = Math.min(((page[2] & 0xff) << 8) | (page[3] & 0xff), page.length - 4);
        return new String(page, 4, len, StandardCharsets.US_ASCII).strip();
    }
}
