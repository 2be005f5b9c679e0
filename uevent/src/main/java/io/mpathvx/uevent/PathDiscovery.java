package io.mpathvx.uevent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.mpathvx.core.kernel.Sysfs;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.ScsiAddress;
import io.mpathvx.core.model.Wwid;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds path devices in sysfs ({@code block/}) and reads their attributes into {@link DiscoveredPath}s, over the
 * {@link Sysfs} port (the real /sys via {@link LinuxSysfs}, or a simulated kernel).
 *
 * <p>The blocking methods do file I/O: call them from a worker, or use the {@code ...Async} variants, which run
 * on the context's worker pool. Attributes that only change with a uevent (dev, size, vendor/model/rev, SCSI
 * address, target name, WWID) are cached per device; the listener invalidates a device's entry on each of its
 * uevents and everything on a resync. Volatile ones (state, ALUA state, holders, ro) are read every time.
 */
public final class PathDiscovery {
    /**
     * @param filter     blacklist by kernel name; dm devices and partitions are never candidates
     * @param wwidSource where WWIDs come from (AUTO matches multipathd)
     * @param uidAttrs   per-name udev property choice (multipathd's uid_attrs); NONE for the defaults
     * @param pathFilter what pathinfo(DI_BLACKLIST) checks once sysfs and udev are read: USB, property, device,
     *                   protocol; a skipped device is not a path (discover() answers empty)
     * @param uidAttribute the configured uid_attribute per device identity; null for the per-bus defaults
     */
    public record Config(DevnodeFilter filter, WwidSource wwidSource, UidAttributes uidAttrs, PathFilter pathFilter,
                         UidAttributeChooser uidAttribute) {
        public Config {
            Objects.requireNonNull(filter);
            Objects.requireNonNull(wwidSource);
            Objects.requireNonNull(uidAttrs);
            Objects.requireNonNull(pathFilter);
        }

        /** Devnode rules only: no USB, property, device or protocol checks; per-bus default uid attributes. */
        public Config(DevnodeFilter filter, WwidSource wwidSource, UidAttributes uidAttrs) {
            this(filter, wwidSource, uidAttrs, PathFilter.none(), null);
        }

        public static Config defaults() {
            return new Config(DevnodeFilter.defaults(), WwidSource.AUTO, UidAttributes.NONE);
        }
    }


    /** What the cache keeps: attributes that change only with a uevent on the device. */
    private record Stable(DevT devt, long size, String vendor, String product, String revision, ScsiAddress scsi,
                          String targetNodeName, WwidResolver.Found wwid, String protocol, String skipped) {
    }

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PathDiscovery.class.getName());

    private final Sysfs sysfs;
    private final Config config;
    private final WwidResolver wwids;
    private final Cache<String, Stable> cache = Caffeine.newBuilder().maximumSize(1 << 16).build();
    /**
     * When each name was last invalidated (and everything, {@link #allInvalidatedAt}), on one counter: a read that
     * started before an invalidation must not put its now stale attributes back into the cache.
     */
    private final AtomicLong stamp = new AtomicLong();
    private final ConcurrentHashMap<String, Long> invalidatedAt = new ConcurrentHashMap<>();
    /** SCSI command timeout per device (device/timeout), read with the stable attributes; for checker_timeout. */
    private final ConcurrentHashMap<String, Integer> scsiTimeouts = new ConcurrentHashMap<>();
    private volatile long allInvalidatedAt;
    /**
     * How long a path waits for udevd's record before its WWID comes from the fallback: multipathd's defaults,
     * retrigger_tries 3 × retrigger_delay 10 s.
     */
    public static final Duration UDEV_WAIT = Duration.ofSeconds(30);
    /** Per device waiting for udevd's record: since when (nanos on {@link #nanoClock}). */
    private record UdevWait(DevT devt, long since) {
    }

    private final ConcurrentHashMap<String, UdevWait> udevWaits = new ConcurrentHashMap<>();
    private final LongSupplier nanoClock;

    public PathDiscovery(Sysfs sysfs, Config config) {
        this(sysfs, config, System::nanoTime);
    }

    PathDiscovery(Sysfs sysfs, Config config, LongSupplier nanoClock) {
        this.sysfs = Objects.requireNonNull(sysfs);
        this.config = Objects.requireNonNull(config);
        this.wwids = new WwidResolver(sysfs, config.wwidSource(), config.uidAttrs());
        this.nanoClock = nanoClock;
    }

    /** Names under {@code block/} that may be paths: not dm-N, not blacklisted. Blocking. */
    public List<String> candidates() throws IOException {
        List<String> out = new ArrayList<>();
        for (String name : sysfs.list("block")) {
            if (!name.startsWith("dm-") && !config.filter().blacklisted(name)) out.add(name);
        }
        return out;
    }

    /** Every candidate that is still there when read, sorted by name. Blocking. */
    public List<DiscoveredPath> scan() throws IOException {
        List<DiscoveredPath> out = new ArrayList<>();
        for (String name : candidates()) discover(name).ifPresent(out::add);
        return out;
    }

    /** One device's attributes; empty when it is gone (no {@code dev}), a dm device, or blacklisted. Blocking. */
    public Optional<DiscoveredPath> discover(String name) throws IOException {
        if (name.isEmpty() || name.contains("/") || name.startsWith("dm-") || config.filter().blacklisted(name)) {
            return Optional.empty();
        }
        String base = "block/" + name;
        Optional<String> dev = sysfs.read(base + "/dev");
        if (dev.isEmpty()) return Optional.empty();
        DevT devt;
        try {
            devt = DevT.parse(dev.get().trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        long readStarted = stamp.get();
        Stable s = cache.getIfPresent(name);
        if (s == null || !s.devt().equals(devt)) { // a reused name with a new device number is a new device
            Stable fresh = readStable(name, devt);
            // a WWID still waiting for udev is not kept: the next lookup asks udev again
            if (!fresh.wwid().udevPending()) {
                cache.asMap().compute(name, (k, old) -> invalidatedSince(name, readStarted) ? old : fresh);
            }
            s = fresh;
        }
        if (s.skipped() != null) return Optional.empty();
        Wwid wwid = s.wwid().wwid() == null ? null : Wwid.of(s.wwid().wwid());
        Path path = new Path(name, devt, wwid, s.size(), s.vendor(), s.product(), s.revision(), s.scsi(),
                s.targetNodeName(), PathState.UNCHECKED);
        return Optional.of(new DiscoveredPath(path, s.wwid().source(), s.protocol(),
                text(base + "/device/state"), text(base + "/device/access_state"),
                "1".equals(text(base + "/device/preferred_path")), "1".equals(text(base + "/ro")),
                sysfs.list(base + "/holders"), s.wwid().udevPending()));
    }

    /**
     * The start-up scan split across {@code pool}: one listing, then the candidates in {@code parts} slices read in
     * parallel (a scan of thousands of paths is not one long task on one worker). Sorted by name like {@link #scan}.
     */
    public CompletableFuture<List<DiscoveredPath>> scanAsync(Executor pool, int parts, ScanProgress progress) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return candidates();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, pool).thenCompose(names -> {
            progress.total.set(names.size());
            int n = Math.max(1, Math.min(parts, names.size()));
            List<CompletableFuture<List<DiscoveredPath>>> slices = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                List<String> slice = names.subList(names.size() * i / n, names.size() * (i + 1) / n);
                slices.add(CompletableFuture.supplyAsync(() -> {
                    List<DiscoveredPath> out = new ArrayList<>(slice.size());
                    for (String name : slice) {
                        try {
                            discover(name).ifPresent(out::add);
                        } catch (IOException e) {
                            // vanished or unreadable between list and read: its uevent (or the next scan) tells
                        }
                        progress.done.incrementAndGet();
                    }
                    return out;
                }, pool));
            }
            return CompletableFuture.allOf(slices.toArray(CompletableFuture[]::new)).thenApply(v -> {
                List<DiscoveredPath> all = new ArrayList<>(names.size());
                for (CompletableFuture<List<DiscoveredPath>> f : slices) all.addAll(f.join());
                all.sort(java.util.Comparator.comparing(DiscoveredPath::name));
                return all;
            });
        });
    }

    /** How far a scan got: candidates listed and read so far (for a "starting" status). Thread-safe. */
    public static final class ScanProgress {
        private final java.util.concurrent.atomic.AtomicInteger total = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();

        public int total() {
            return total.get();
        }

        public int done() {
            return done.get();
        }
    }

    public Future<Optional<DiscoveredPath>> discoverAsync(Context context, String name) {
        return context.executeBlocking(() -> discover(name), false);
    }

    /**
     * The device's SCSI command timeout in seconds as last read from sysfs ({@code device/timeout}), empty when
     * unknown: what multipathd's select_checker_timeout() uses when checker_timeout is unset. Non-blocking.
     */
    public java.util.OptionalInt scsiTimeout(String name) {
        Integer t = scsiTimeouts.get(name);
        return t == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(t);
    }

    /** Forgets a device's cached attributes (it had a uevent). Non-blocking. */
    public void invalidate(String name) {
        invalidatedAt.put(name, stamp.incrementAndGet()); // before the removal: a racing read then keeps out
        cache.invalidate(name);
    }

    /** The device is gone: its cached attributes and its wait for udev (a new device of that name waits anew). */
    public void removed(String name) {
        udevWaits.remove(name);
        invalidate(name);
    }

    /** Forgets everything (uevents were lost). Non-blocking. */
    public void invalidateAll() {
        allInvalidatedAt = stamp.incrementAndGet();
        invalidatedAt.clear();
        cache.invalidateAll();
    }

    private boolean invalidatedSince(String name, long readStarted) {
        return allInvalidatedAt > readStarted || invalidatedAt.getOrDefault(name, 0L) > readStarted;
    }

    private Stable readStable(String name, DevT devt) throws IOException {
        String base = "block/" + name;
        long size = sysfs.read(base + "/size").map(PathDiscovery::parseLong).orElse(0L);
        String vendor = text(base + "/device/vendor");
        String product = text(base + "/device/model");
        String revision = text(base + "/device/rev");
        if (name.startsWith("nvme")) { // the controller has no vendor; multipathd calls it NVME
            if (vendor.isEmpty()) vendor = "NVME";
            if (revision.isEmpty()) revision = text(base + "/device/firmware_rev");
        }
        ScsiAddress scsi = null;
        Optional<String> deviceLink = sysfs.readLink(base + "/device");
        if (deviceLink.isPresent()) {
            String last = deviceLink.get().substring(deviceLink.get().lastIndexOf('/') + 1);
            if (TransportProtocol.numbered(last, "", ":", ":", ":")) scsi = ScsiAddress.parse(last);
        }
        String targetNodeName = scsi == null ? "" : targetNodeName(base, scsi);
        long timeout = scsi == null ? 0 : sysfs.read(base + "/device/timeout").map(PathDiscovery::parseLong).orElse(0L);
        if (timeout > 0 && timeout <= Integer.MAX_VALUE) scsiTimeouts.put(name, (int) timeout);
        else scsiTimeouts.remove(name);
        Optional<java.util.Map<String, String>> udev = sysfs.udevProperties(devt);
        String uidAttribute = wwids.uidAttribute(name, config.uidAttribute(), vendor, product, revision);
        WwidResolver.Found wwid = wwids.resolve(name, scsi != null, udev, uidAttribute, udevWaitOver(name, devt));
        if (!wwid.udevPending()) udevWaits.remove(name);
        String protocol = TransportProtocol.of(sysfs, name, sysfs.readLink(base).orElse(""), scsi != null);
        String skipped = config.pathFilter().skip(new PathFilter.Candidate(name, vendor, product, protocol,
                udev.map(m -> List.copyOf(m.keySet())).orElse(null), uidAttribute));
        if (skipped != null) LOG.info(() -> name + ": skipped, " + skipped);
        return new Stable(devt, size, vendor, product, revision, scsi, targetNodeName, wwid, protocol, skipped);
    }

    /** FC: the remote port's target node name; iSCSI: the session's target name. */
    private String targetNodeName(String base, ScsiAddress a) throws IOException {
        String devpath = sysfs.readLink(base).orElse("");
        if (devpath.contains("/rport-")) {
            return text("class/fc_transport/target" + a.host() + ":" + a.channel() + ":" + a.target() + "/node_name");
        }
        for (String part : devpath.split("/")) {
            if (TransportProtocol.numbered(part, "session")) return text("class/iscsi_session/" + part + "/targetname");
        }
        return "";
    }

    /** Whether this device has waited {@link #UDEV_WAIT} for udevd's record (the wait starts at the first ask). */
    private boolean udevWaitOver(String name, DevT devt) {
        long now = nanoClock.getAsLong();
        UdevWait w = udevWaits.compute(name, (k, old) -> old != null && old.devt().equals(devt) ? old : new UdevWait(devt, now));
        return now - w.since() >= UDEV_WAIT.toNanos();
    }

    private String text(String path) throws IOException {
        return sysfs.read(path).map(String::trim).orElse("");
    }

    private static long parseLong(String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            return 0L;
        }
    }
}
