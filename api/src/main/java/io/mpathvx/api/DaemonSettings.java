package io.mpathvx.api;

import io.mpathvx.core.config.MapSettings;
import io.mpathvx.core.config.MultipathConfig;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.desired.ConfigSettings;
import io.mpathvx.reconciler.pathstate.MapPolicy;
import io.mpathvx.uevent.DevnodeFilter;
import io.mpathvx.uevent.PathDiscovery;
import io.mpathvx.uevent.PathFilter;
import io.mpathvx.uevent.UidAttributes;
import io.mpathvx.uevent.WwidSource;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

/** What the checkers and the path state machine need out of multipath.conf (the reconciler reads it through ConfigSettings). */
final class DaemonSettings {
    private final MultipathConfig config;

    MultipathConfig config() {
        return config;
    }

    DaemonSettings(MultipathConfig config) {
        this.config = config;
    }

    /** The policy the path state machine applies to a map; {@code features} are the map's wanted table features. */
    MapPolicy stateMachinePolicy(Wwid wwid, Path anyPath, List<String> features) {
        MapSettings s = config.forMap(wwid, ConfigSettings.identity(anyPath));
        boolean queues = features.contains("queue_if_no_path");
        NoPathRetry npr = s.noPathRetry().value();
        // no_path_retry unset: the table's features alone decide, for good (multipathd never counts retries then).
        if (npr.kind() == NoPathRetry.Kind.UNDEF) npr = queues ? NoPathRetry.QUEUE : NoPathRetry.FAIL;
        return new MapPolicy(npr, s.failback().value(), pollingInterval(), queues);
    }

    /**
     * Path discovery with the configured devnode blacklist (uevents of blacklisted devices are dropped early too) and
     * pathinfo(DI_BLACKLIST)'s later checks once a device is read: USB (allow_usb_devices), udev properties,
     * vendor/product and protocol.
     */
    PathDiscovery.Config discovery() {
        return new PathDiscovery.Config(DevnodeFilter.of(config.blacklist()), WwidSource.AUTO, UidAttributes.NONE,
                PathFilter.of(config.blacklist(), config.globals().allowUsbDevices().value()),
                (name, vendor, product, revision) -> config.forPath(
                        new io.mpathvx.core.config.DeviceIdentity(vendor, product, revision, null)).uidAttribute().value());
    }

    /** queue_without_daemon: whether maps may keep queueing once the daemon is gone. */
    boolean queueWithoutDaemon() {
        return config.globals().queueWithoutDaemon().value();
    }

    /** A path's settings with its real protocol (overrides/protocol entries match on it). */
    io.mpathvx.core.config.PathSettings pathSettings(Path p, String protocol) {
        return config.forPath(new io.mpathvx.core.config.DeviceIdentity(p.vendor(), p.product(), p.revision(), protocol));
    }

    /** The map's no_path_retry as configured (undef when unset). */
    NoPathRetry noPathRetry(Wwid wwid, Path anyPath) {
        return config.forMap(wwid, ConfigSettings.identity(anyPath)).noPathRetry().value();
    }

    Duration pollingInterval() {
        return Duration.ofSeconds(config.globals().pollingInterval().value());
    }

    Duration maxPollingInterval() {
        return Duration.ofSeconds(config.globals().maxPollingInterval().value());
    }

    String checker(Path p) {
        return config.forPath(ConfigSettings.identity(p)).checker().value();
    }

    Duration checkerTimeout(Path p) {
        return checkerTimeout(p, OptionalInt.empty());
    }

    /** checker_timeout as select_checker_timeout(): the configured one, else the device's sysfs timeout, else 30 s. */
    Duration checkerTimeout(Path p, OptionalInt sysfsTimeout) {
        return Duration.ofSeconds(config.forPath(ConfigSettings.identity(p)).checkerTimeout(sysfsTimeout).value());
    }
}
