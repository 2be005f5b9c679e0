package io.mpathvx.reconciler;

import io.mpathvx.core.kernel.ScsiReply;
import io.mpathvx.core.model.Path;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The prioritizers' view of one path's device through the kernel ports: an unanswered request is null or empty. */
record PortPrioDevice(DevicePorts ports, Path path) implements PrioDevice {
    @Override
    public ScsiReply command(byte[] cdb, int length) {
        try {
            return ports.scsi().execute(path.name(), cdb, length, DeviceFactsReader.TIMEOUT_MS);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public int anaState() {
        return NvmeAna.state(ports.nvme(), path.name());
    }

    @Override
    public Optional<String> sysfs(String attribute) {
        try {
            return ports.sysfs().read("block/" + path.name() + "/" + attribute);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<Map<String, String>> udevProperties() {
        try {
            return ports.sysfs().udevProperties(path.devt());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public Duration timedRead() {
        try {
            return ports.reads().timedRead(path.name());
        } catch (IOException e) {
            return null;
        }
    }
}
