package io.mpathvx.api;

import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.config.PathSettings;
import io.mpathvx.core.kernel.Sysfs;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.uevent.TransportProtocol;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.logging.Logger;

/**
 * Writes a path's transport timeouts (fast_io_fail_tmo, dev_loss_tmo; see {@link TransportTimeouts}) when it joins a
 * map, as multipathd's setup_map() calls sysfs_set_scsi_tmo(). The sysfs reads and writes run on the given pool,
 * never on the loop. What was written, or why nothing was, is kept per path ({@link #outcome}) and logged when it
 * changes.
 */
final class TransportTimeoutWriter {
    private static final Logger LOG = Logger.getLogger(TransportTimeoutWriter.class.getName());

    private final Sysfs sysfs;
    private final Executor pool;
    private final Map<String, String> outcomes = new ConcurrentHashMap<>();

    TransportTimeoutWriter(Sysfs sysfs, Executor pool) {
        this.sysfs = sysfs;
        this.pool = pool;
    }

    /** Plans and writes on the pool; returns at once. {@code settings} is immutable, safe to read there. */
    void apply(Path path, Wwid wwid, DaemonSettings settings) {
        pool.execute(() -> {
            String result;
            try {
                result = write(path, wwid, settings);
            } catch (IOException | RuntimeException e) {
                result = "failed: " + e.getMessage();
            }
            String r = result;
            if (!r.equals(outcomes.put(path.name(), r))) LOG.info(() -> "path " + path.name() + ": transport timeouts " + r);
        });
    }

    /** The last outcome for a path, e.g. {@code "class/fc_remote_ports/rport-2:0-1/fast_io_fail_tmo=5, ..."}. */
    Optional<String> outcome(String path) {
        return Optional.ofNullable(outcomes.get(path));
    }

    void forget(String path) {
        outcomes.remove(path);
    }

    private String write(Path path, Wwid wwid, DaemonSettings settings) throws IOException {
        if (path.scsi() == null) return "unsupported: not a SCSI device";
        String devpath = sysfs.readLink("block/" + path.name()).orElse("");
        String protocol = TransportProtocol.of(sysfs, path.name(), devpath, true);
        PathSettings ps = settings.pathSettings(path, protocol);
        NoPathRetry npr = settings.noPathRetry(wwid, path);
        String object = transportObject(devpath, protocol);
        long currentDevLoss = 0;
        if (protocol.equals("scsi:fcp") && object != null) {
            currentDevLoss = sysfs.read("class/fc_remote_ports/" + object + "/dev_loss_tmo")
                    .map(String::trim).map(TransportTimeoutWriter::parseOrZero).orElse(0L);
        }
        TransportTimeouts.Plan plan = TransportTimeouts.plan(protocol, object, ps.fastIoFailTmo().value(),
                ps.devLossTmo().value(), npr, (int) settings.pollingInterval().toSeconds(), currentDevLoss);
        if (plan.unsupported() != null) return "unsupported: " + plan.unsupported();
        if (object == null) return "failed: no transport object in " + devpath;
        StringBuilder done = new StringBuilder();
        for (TransportTimeouts.Write w : plan.writes()) {
            sysfs.write(w.attribute(), w.value());
            done.append(done.length() == 0 ? "" : ", ").append(w.attribute()).append('=').append(w.value());
        }
        return done.length() == 0 ? "none to set" : done.toString();
    }

    /** rport-H:C-T, sessionN or end_device-H:P from the device's place in sysfs. */
    static String transportObject(String devpath, String protocol) {
        String[] parts = devpath.split("/");
        String prefix = switch (protocol) {
            case "scsi:fcp" -> "rport-";
            case "scsi:iscsi" -> "session";
            case "scsi:sas" -> "end_device-";
            default -> null;
        };
        if (prefix == null) return null;
        for (String p : parts) if (p.startsWith(prefix)) return p;
        return null;
    }

    private static long parseOrZero(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0; // "off" and the like: nothing to compare against
        }
    }
}
