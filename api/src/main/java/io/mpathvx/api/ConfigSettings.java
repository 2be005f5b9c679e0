package io.mpathvx.api;

import io.mpathvx.core.config.DeviceIdentity;
import io.mpathvx.core.config.MapSettings;
import io.mpathvx.core.config.MultipathConfig;
import io.mpathvx.core.config.PathFacts;
import io.mpathvx.core.config.PathSettings;
import io.mpathvx.core.config.QueueMode;
import io.mpathvx.core.config.RrWeight;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.desired.FindMultipaths;
import io.mpathvx.reconciler.desired.GroupingPolicy;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.NoPathRetry;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.mpathvx.reconciler.pathstate.Failback;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** Reads what the reconciler, the path state machine and the checkers need out of the multipath.conf model. */
final class ConfigSettings implements ReconcilerSettings {
    private final MultipathConfig config;

    ConfigSettings(MultipathConfig config) {
        this.config = config;
    }

    /** The device identity config entries match on; a WWID with no path left matches defaults only. */
    static DeviceIdentity identity(Path p) {
        if (p == null) return new DeviceIdentity("", "", "", "");
        return new DeviceIdentity(p.vendor(), p.product(), p.revision(), p.scsi() != null ? "scsi" : "");
    }

    @Override
    public MapPolicy forMap(Wwid wwid, Path anyPath) {
        MapSettings s = config.forMap(wwid, identity(anyPath));
        QueueMode qm = s.queueMode().value();
        return new MapPolicy(
                GroupingPolicy.valueOf(s.pathGroupingPolicy().value().name()),
                s.pathSelector().value(),
                countedWords(s.features().value()),
                countedWords(s.hardwareHandler().value()),
                NoPathRetry.of(s.noPathRetry().value().toString()),
                s.rrWeight().value() == RrWeight.PRIORITIES,
                s.rrMinIoRq().value(),
                null, // pg_init_retries stays in the features words
                s.retainAttachedHwHandler().value(),
                qm == QueueMode.UNDEF ? null : qm.toString(),
                s.prio().value(),
                s.prioArgs().value(),
                s.alias().value(),
                s.userFriendlyNames().value(),
                s.deferredRemove().value());
    }

    @Override
    public boolean blacklisted(Path p) {
        PathSettings ps = config.forPath(identity(p));
        PathFacts facts = new PathFacts(p.name(), p.wwid() == null ? null : p.wwid().value(), p.vendor(), p.product(),
                p.scsi() != null ? "scsi:unspec" : "undef", List.of(), ps.uidAttribute().value());
        return config.blacklist().filter(facts).blacklisted();
    }

    @Override
    public FindMultipaths findMultipaths() {
        return switch (config.globals().findMultipaths().value()) {
            case OFF -> FindMultipaths.NO;
            case ON -> FindMultipaths.YES;
            case STRICT -> FindMultipaths.STRICT;
            case GREEDY -> FindMultipaths.GREEDY;
            case SMART -> FindMultipaths.SMART;
        };
    }

    @Override
    public String aliasPrefix() {
        return config.globals().aliasPrefix().value();
    }

    /** The policy the path state machine applies to a map. */
    io.mpathvx.reconciler.pathstate.MapPolicy stateMachinePolicy(Wwid wwid, Path anyPath, List<String> features) {
        MapSettings s = config.forMap(wwid, identity(anyPath));
        io.mpathvx.core.config.Failback fb = s.failback().value();
        Failback failback = switch (fb.mode()) {
            case MANUAL -> Failback.MANUAL;
            case IMMEDIATE -> Failback.IMMEDIATE;
            case FOLLOWOVER -> Failback.FOLLOWOVER;
            case DEFERRED -> Failback.after(Duration.ofSeconds(fb.deferSeconds()));
        };
        return new io.mpathvx.reconciler.pathstate.MapPolicy(
                io.mpathvx.reconciler.pathstate.NoPathRetry.parse(s.noPathRetry().value().toString()),
                failback, pollingInterval(), features.contains("queue_if_no_path"));
    }

    Duration pollingInterval() {
        return Duration.ofSeconds(config.globals().pollingInterval().value());
    }

    Duration maxPollingInterval() {
        return Duration.ofSeconds(config.globals().maxPollingInterval().value());
    }

    String checker(Path p) {
        return config.forPath(identity(p)).checker().value();
    }

    Duration checkerTimeout(Path p) {
        return Duration.ofSeconds(config.forPath(identity(p)).checkerTimeout(java.util.OptionalInt.empty()).value());
    }

    /** Words of a counted string such as {@code "2 pg_init_retries 50"}, without the count. */
    static List<String> countedWords(String counted) {
        String[] w = counted == null ? new String[0] : counted.strip().split("\\s+");
        return w.length <= 1 ? List.of() : Arrays.asList(w).subList(1, w.length);
    }
}
