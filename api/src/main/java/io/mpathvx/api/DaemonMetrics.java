package io.mpathvx.api;

import io.mpathvx.core.multipath.MultipathStatus;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * {@code GET /metrics}: the published {@link DaemonSnapshot} in the Prometheus text format, through the Prometheus Java
 * client (callback metrics: each value is read from the snapshot when scraped, nothing is kept or updated by the
 * loop). Rendering walks every map and path, so it runs on a worker. Names and the node_exporter mapping:
 * docs/metrics.md.
 */
final class DaemonMetrics {
    /** Counters of the snapshot that only grow: exposed as {@code mpathvx_NAME_total}; the others are gauges. */
    static final List<String> COUNTERS = List.of("uevent_batches", "uevents_received", "uevents_dropped", "dm_events",
            "dm_event_scans", "resyncs", "checks", "actions", "log_lines_dropped");
    /** The snapshot's other counters, which go up and down. */
    static final List<String> GAUGES = List.of("maps_failing", "lookups_pending", "aio_contexts");
    private static final PrometheusTextFormatWriter TEXT = PrometheusTextFormatWriter.create();

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Supplier<DaemonSnapshot> snapshot;

    DaemonMetrics(Supplier<DaemonSnapshot> snapshot) {
        this.snapshot = snapshot;
        gauge("mpathvx_map_paths", "Paths of a map by checker state", cb -> eachMap((m, paths) -> {
            Map<String, Integer> byState = new HashMap<>();
            for (DaemonSnapshot.PathView p : paths) byState.merge(p.checkerState().toLowerCase(Locale.ROOT), 1, Integer::sum);
            byState.forEach((state, n) -> cb.call(n, m.name(), m.wwid(), state));
        }), "map", "wwid", "state");
        gauge("mpathvx_map_active_paths", "Paths the kernel uses (A in dmsetup status)",
                cb -> eachMap((m, paths) -> cb.call(m.activePaths(), m.name(), m.wwid())), "map", "wwid");
        gauge("mpathvx_map_queueing", "1 while the map queues I/O when no path is left (queue_if_no_path)",
                cb -> eachMap((m, paths) -> cb.call(m.table() != null && m.table().features().contains("queue_if_no_path")
                        ? 1 : 0, m.name(), m.wwid())), "map", "wwid");
        gauge("mpathvx_map_size_bytes", "Size of the map",
                cb -> eachMap((m, paths) -> cb.call(m.sizeSectors() * 512.0, m.name(), m.wwid())), "map", "wwid");
        gauge("mpathvx_map_info", "1 per map: its uuid and kernel name (dm-N), to join with node_exporter's series",
                cb -> eachMap((m, paths) -> cb.call(1, m.name(), m.wwid(), m.uuid(), m.info() == null || m.info().devt() == null
                        ? "" : "dm-" + m.info().devt().minor())), "map", "wwid", "uuid", "sysfs_name");
        gauge("mpathvx_map_suspended", "1 while the map is suspended",
                cb -> eachMap((m, paths) -> cb.call(m.info() != null && m.info().suspended() ? 1 : 0, m.name(), m.wwid())),
                "map", "wwid");
        gauge("mpathvx_map_failing", "1 while the daemon's last action on the map failed (it retries)",
                cb -> eachMap((m, paths) -> cb.call(m.lastError().isEmpty() ? 0 : 1, m.name(), m.wwid())), "map", "wwid");
        gauge("mpathvx_path_up", "1 when the path checker's last verdict is UP or GHOST",
                cb -> eachMap((m, paths) -> paths.forEach(p -> cb.call(up(p) ? 1 : 0, p.name(), m.name(), p.checkerState()
                        .toLowerCase(Locale.ROOT)))), "path", "map", "state");
        gauge("mpathvx_path_dm_active", "1 when the kernel uses the path (A), 0 when it failed it (F)",
                cb -> eachMap((m, paths) -> paths.forEach(p -> cb.call("ACTIVE".equals(p.kernelState()) ? 1 : 0,
                        p.name(), m.name()))), "path", "map");
        CounterWithCallback.builder().name("mpathvx_path_failures").help("Times the kernel failed the path (dm fail count)")
                .labelNames("path", "map").callback(cb -> eachMap((m, paths) -> {
                    Map<String, Integer> failCount = failCounts(m.status());
                    for (DaemonSnapshot.PathView p : paths) cb.call(failCount.getOrDefault(p.devt(), 0), p.name(), m.name());
                })).register(registry);
        gauge("mpathvx_maps", "Multipath maps", cb -> cb.call(snapshot.get().mapCount()));
        gauge("mpathvx_paths", "Paths known to the daemon", cb -> cb.call(snapshot.get().pathCount()));
        gauge("mpathvx_running", "1 once start-up discovery and the first reconciliation are done",
                cb -> cb.call(snapshot.get().phase() == DaemonSnapshot.Phase.RUNNING ? 1 : 0));
        gauge("mpathvx_snapshot_age_seconds", "Time since the event loop last changed the published state",
                cb -> cb.call(Duration.between(snapshot.get().at(), Instant.now()).toMillis() / 1000.0));
        gauge("mpathvx_threads", "Live threads of the daemon's JVM",
                cb -> cb.call(ManagementFactory.getThreadMXBean().getThreadCount()));
        for (String name : COUNTERS) {
            CounterWithCallback.builder().name("mpathvx_" + name).help("Daemon counter " + name)
                    .callback(cb -> cb.call(snapshot.get().counters().getOrDefault(name, 0L))).register(registry);
        }
        for (String name : GAUGES) {
            gauge("mpathvx_" + name, "Daemon gauge " + name, cb -> cb.call(snapshot.get().counters().getOrDefault(name, 0L)));
        }
    }

    private void gauge(String name, String help, java.util.function.Consumer<GaugeWithCallback.Callback> values, String... labels) {
        GaugeWithCallback.builder().name(name).help(help).labelNames(labels).callback(values).register(registry);
    }

    /** Every map with its paths (O(paths of the map) each). */
    private void eachMap(BiConsumer<DaemonSnapshot.MapView, List<DaemonSnapshot.PathView>> each) {
        DaemonSnapshot s = snapshot.get();
        for (DaemonSnapshot.MapView m : s.maps()) {
            each.accept(m, s.pathsOf(m.wwid()).stream().filter(p -> p.map().equals(m.name())).toList());
        }
    }

    private static boolean up(DaemonSnapshot.PathView p) {
        return p.checkerState().equals("UP") || p.checkerState().equals("GHOST");
    }

    private static Map<String, Integer> failCounts(MultipathStatus status) {
        Map<String, Integer> out = new HashMap<>();
        if (status == null) return out;
        for (MultipathStatus.Group g : status.groups()) for (MultipathStatus.PathStatus p : g.paths()) out.put(p.devt().toString(), p.failCount());
        return out;
    }

    /** The text format (blocking work: call on a worker). */
    String render() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TEXT.write(out, registry.scrape());
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String contentType() {
        return TEXT.getContentType();
    }
}
