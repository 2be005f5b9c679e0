package io.mpathvx.reconciler;

import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.config.PathSelection;
import io.mpathvx.core.model.Path;
import io.mpathvx.reconciler.desired.Interner;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.PathInfo;
import io.mpathvx.reconciler.desired.Priorities;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Probes a path as multipathd's pathinfo does: asks the device (SCSI or NVMe commands, sysfs), selects the checker and
 * prioritizer from configuration and answers (propsel.c), then runs the prioritizer ({@link Prioritizers}).
 */
final class DeviceProber implements PathProber {
    private final DevicePorts ports;
    private final DeviceFactsReader reader;
    /** Equal selections shared: 40,000 paths of one kind of device select the same. */
    private final Interner<PathSelection> selections = new Interner<>();

    DeviceProber(DevicePorts ports) {
        this.ports = ports;
        this.reader = new DeviceFactsReader(ports.sysfs(), ports.scsi(), ports.nvme());
    }

    @Override
    public PathInfo probe(Path path, MapPolicy policy) {
        try {
            DeviceFactsReader.Read r = reader.read(path.name());
            PathSelection sel = policy.propertySelector() == null ? null : policy.propertySelector().select(path, r.facts());
            String prio = sel == null ? policy.prio() : sel.prio().value();
            String args = sel == null ? policy.prioArgs() : sel.prioArgs().value();
            String serial = needsSerial(policy, prio, args) ? serial(path) : "";
            int priority = Prioritizers.priority(prio, args, path, new PortPrioDevice(ports, path), r.aas(), serial);
            return new PathInfo(path, priority, serial, false, r.tpgId(), selections.intern(sel));
        } catch (IOException e) {
            return new PathInfo(path, Priorities.UNDEF, "", false);
        }
    }

    private static boolean needsSerial(MapPolicy policy, String prio, String args) {
        return policy.grouping() == PathGroupingPolicy.GROUP_BY_SERIAL
                || (prio.equals("weightedpath") && args.strip().startsWith("serial"));
    }

    private String serial(Path path) throws IOException {
        return ports.sysfs().readBytes("block/" + path.name() + "/device/vpd_pg80").map(DeviceProber::unitSerial).orElse("");
    }

    /** The unit serial number from a VPD page 0x80 (4-byte header, then the serial, space padded). */
    static String unitSerial(byte[] page) {
        if (page.length < 4) return "";
        int len = Math.min(((page[2] & 0xff) << 8) | (page[3] & 0xff), page.length - 4);
        return new String(page, 4, len, StandardCharsets.US_ASCII).strip();
    }
}
