package io.mpathvx.reconciler;

import io.mpathvx.core.config.FindMultipaths;
import io.mpathvx.core.config.PathGroupingPolicy;
import io.mpathvx.core.kernel.Errno;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.multipath.MultipathTable;
import io.mpathvx.core.sim.DmCall;
import io.mpathvx.core.sim.MapSnapshot;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.desired.MapPolicy;
import io.mpathvx.reconciler.desired.ReconcilerSettings;
import io.mpathvx.reconciler.exec.ActionExecutor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** The engine against the simulated kernel: counted ioctls, adoption on restart, removal, retries, coalescing. */
class ReconcilerSimTest {
    static final int LUNS = 10_000; // the scale; about 1 s per cold start on the 2-core build machine

    private Vertx vertx;
    private Context loop;
    private Executor workers;

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
        loop = vertx.getOrCreateContext();
        workers = ActionExecutor.workerPool(vertx, "reconciler-test", 8);
    }

    @AfterEach
    void tearDown() throws Exception {
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    static <T> T done(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    }

    private Reconciler reconciler(SimulatedKernel sim, ReconcilerSettings settings, ReconcilerOptions options) {
        return new Reconciler(vertx, loop, sim, workers, settings, PathProber.constant(), options);
    }

    private static ReconcilerSettings multibus() {
        return ReconcilerSettings.fixed(MapPolicy.defaults().withGrouping(PathGroupingPolicy.MULTIBUS), FindMultipaths.OFF);
    }

    private static List<MapSnapshot> multipathMaps(SimulatedKernel sim) {
        return sim.snapshot().stream().filter(m -> m.uuid() != null && m.uuid().startsWith("mpath-")).toList();
    }

    @Test
    void coldStartCreatesEachMapOnceThenRestartLoadsNothingThenRemovalEmptiesTheKernel() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(LUNS, 4));
        List<Path> paths = SimPaths.of(sim);
        assertEquals(LUNS * 4, paths.size());

        Reconciler r = reconciler(sim, multibus(), ReconcilerOptions.inMemory());
        done(r.start(paths));
        List<MapSnapshot> maps = multipathMaps(sim);
        assertEquals(LUNS, maps.size());
        for (MapSnapshot m : maps) assertEquals(4, MultipathTable.parse(m.tableParams()).devices().size(), m.name());
        assertEquals(LUNS, sim.calls().count(DmCall.CREATE));
        assertEquals(LUNS, sim.calls().count(DmCall.TABLE_LOAD), "one TABLE_LOAD per map, zero reloads");
        assertEquals(LUNS, sim.calls().count(DmCall.RESUME));
        assertEquals(0, sim.calls().count(DmCall.SUSPEND));
        assertEquals(0, r.snapshot().failing());
        assertEquals(LUNS, r.snapshot().maps().size());
        assertTrue(r.snapshot().maps().values().stream().allMatch(v -> v.observed() != null && v.converged()));

        // A second daemon (restart) against the same kernel and SAN adopts every map: no table load, no suspend.
        sim.calls().reset();
        Reconciler again = reconciler(sim, multibus(), ReconcilerOptions.inMemory());
        done(again.start(paths));
        assertEquals(0, sim.calls().count(DmCall.TABLE_LOAD));
        assertEquals(0, sim.calls().count(DmCall.SUSPEND));
        assertEquals(0, sim.calls().count(DmCall.RESUME));
        assertEquals(0, sim.calls().count(DmCall.CREATE));
        assertEquals(LUNS, again.snapshot().maps().size());

        // All paths gone: every map removed.
        sim.calls().reset();
        again.onPaths(List.of(), paths.stream().map(Path::name).toList());
        done(again.idle());
        assertEquals(List.of(), multipathMaps(sim));
        assertEquals(LUNS, sim.calls().count(DmCall.REMOVE));
        assertEquals(0, sim.calls().count(DmCall.TABLE_LOAD));
        assertTrue(again.snapshot().maps().isEmpty(), "forgotten: " + again.snapshot().maps().size());

        // Starting again against the result with no paths loads no table and creates nothing.
        sim.calls().reset();
        Reconciler third = reconciler(sim, multibus(), ReconcilerOptions.inMemory());
        done(third.start(List.of()));
        assertEquals(0, sim.calls().count(DmCall.TABLE_LOAD));
        assertEquals(0, sim.calls().count(DmCall.CREATE));
    }

    @Test
    void restartAgainstMapsMadeByAnotherDaemonWithTheSameConfigLoadsNothing() throws Exception {
        // Maps made "by multipathd": failover groups, tables written the way multipathd writes them, names = WWIDs,
        // path order inside the map not ours.
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(20, 2));
        List<Path> paths = SimPaths.of(sim);
        Map<Wwid, List<Path>> byWwid = new java.util.TreeMap<>();
        for (Path p : paths) byWwid.computeIfAbsent(p.wwid(), k -> new java.util.ArrayList<>()).add(p);
        for (var e : byWwid.entrySet()) {
            List<Path> ps = e.getValue();
            StringBuilder t = new StringBuilder("0 0 " + ps.size() + " 1");
            for (Path p : ps) t.append(" service-time 0 1 1 ").append(p.devt()).append(" 1");
            sim.create(e.getKey().value(), e.getKey().mapUuid());
            sim.loadTable(e.getKey().value(), List.of(new io.mpathvx.core.kernel.DmTarget(0, ps.get(0).sizeSectors(), "multipath", t.toString())));
            sim.resume(e.getKey().value());
        }
        sim.calls().reset();
        Reconciler r = reconciler(sim, ReconcilerSettings.fixed(MapPolicy.defaults(), FindMultipaths.STRICT), ReconcilerOptions.inMemory());
        done(r.start(paths));
        assertEquals(0, sim.calls().count(DmCall.TABLE_LOAD));
        assertEquals(0, sim.calls().count(DmCall.SUSPEND));
        assertEquals(0, sim.calls().count(DmCall.CREATE));
        assertEquals(20, r.snapshot().maps().size(), "adopted (strict keeps existing maps)");
    }

    @Test
    void aPathFailureForAMapThatIsRemovedMeanwhileIsDroppedNotRetried() throws Exception {
        // a remove storm: the state machine fails a path while the LUN's last paths are deleted
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        List<Path> paths = SimPaths.of(sim);
        Reconciler r = reconciler(sim, multibus(), ReconcilerOptions.inMemory());
        done(r.start(paths));
        String map = multipathMaps(sim).get(0).name();
        sim.calls().reset();
        loop.runOnContext(v -> {
            r.applyActions(List.of(new MapAction.FailPath(map, paths.get(0).devt())));
            r.onPaths(List.of(), paths.stream().map(Path::name).toList());
        });
        done(r.idle());
        assertEquals(List.of(), multipathMaps(sim));
        assertEquals(0, sim.calls().count(DmCall.MESSAGE), "no message to a map being removed");
        assertEquals(0, r.failingCount());
    }

    @Test
    void deletedPathIsDroppedByOneReloadAndNewLunGetsItsMap() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(4, 2));
        List<Path> paths = SimPaths.of(sim);
        Reconciler r = reconciler(sim, multibus(), ReconcilerOptions.inMemory());
        done(r.start(paths));
        sim.calls().reset();
        Path gone = paths.get(0);
        r.onPaths(List.of(), List.of(gone.name()));
        done(r.idle());
        assertEquals(1, sim.calls().count(DmCall.TABLE_LOAD));
        assertEquals(1, sim.calls().count(DmCall.SUSPEND), "reload swaps with a noflush suspend");
        MapSnapshot m = sim.snapshot(gone.wwid().value()).orElseThrow();
        assertEquals(1, MultipathTable.parse(m.tableParams()).devices().size());
        assertFalse(MultipathTable.parse(m.tableParams()).devices().contains(gone.devt()));
    }

    @Test
    void manyEventsForOneMapBeforeItIsReconciledGiveOneReconcile() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 4));
        List<Path> paths = SimPaths.of(sim);
        Reconciler r = reconciler(sim, multibus(), ReconcilerOptions.inMemory());
        done(r.start(List.of()));
        sim.calls().reset();
        // one event per path, all in the same loop turn
        loop.runOnContext(v -> {
            for (Path p : paths) r.onPaths(List.of(p), List.of());
        });
        done(r.idle());
        assertEquals(1, sim.calls().count(DmCall.CREATE));
        assertEquals(1, sim.calls().count(DmCall.TABLE_LOAD));
        assertEquals(4, MultipathTable.parse(multipathMaps(sim).get(0).tableParams()).devices().size());
    }

    @Test
    void failuresRetryWithBackoffAndAreVisiblePerMap() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        sim.faults().failNext(DmCall.TABLE_LOAD, Errno.EINVAL, 2);
        Reconciler r = reconciler(sim, multibus(), ReconcilerOptions.inMemory().withRetry(Duration.ofMillis(20), Duration.ofMillis(200)));
        done(r.start(SimPaths.of(sim)));
        MapView v = r.snapshot().maps().values().iterator().next();
        assertEquals(1, v.attempts());
        assertTrue(v.lastError().contains("EINVAL"), v.lastError());
        await().atMost(Duration.ofSeconds(10)).until(() -> r.snapshot().maps().values().iterator().next().lastError() == null);
        MapView ok = r.snapshot().maps().values().iterator().next();
        assertEquals(0, ok.attempts());
        assertNotNull(ok.observed());
        assertEquals(3, sim.calls().count(DmCall.TABLE_LOAD), "two failures, then success");
        assertEquals(1, sim.calls().count(DmCall.CREATE), "the device made by the first attempt is kept");
    }

    @Test
    void openStaleMapIsKeptAndDeferredRemovalWhenConfigured() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(2, 1));
        List<Path> paths = SimPaths.of(sim);
        MapPolicy deferred = MapPolicy.defaults().withDeferredRemove(true);
        ReconcilerSettings settings = new ReconcilerSettings() {
            @Override
            public MapPolicy forMap(Wwid wwid, Path anyPath) {
                return wwid != null && wwid.equals(paths.get(1).wwid()) ? deferred : MapPolicy.defaults();
            }

            @Override
            public boolean blacklisted(Path path) {
                return false;
            }

            @Override
            public FindMultipaths findMultipaths() {
                return FindMultipaths.OFF;
            }
        };
        Reconciler r = reconciler(sim, settings, ReconcilerOptions.inMemory());
        done(r.start(paths));
        sim.openDevice(paths.get(0).wwid().value());
        sim.openDevice(paths.get(1).wwid().value());
        sim.calls().reset();
        r.onPaths(List.of(), paths.stream().map(Path::name).toList());
        done(r.idle());
        assertTrue(sim.snapshot(paths.get(0).wwid().value()).isPresent(), "open map without deferred_remove is kept");
        MapSnapshot d = sim.snapshot(paths.get(1).wwid().value()).orElseThrow();
        assertTrue(d.deferredRemove());
        sim.closeDevice(paths.get(1).wwid().value());
        assertTrue(sim.snapshot(paths.get(1).wwid().value()).isEmpty(), "removed on last close");
    }

    @Test
    void userFriendlyNamesAndWwidsFileAreWritten(@TempDir java.nio.file.Path dir) throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(3, 2));
        List<Path> paths = SimPaths.of(sim);
        ReconcilerSettings ufn = ReconcilerSettings.fixed(MapPolicy.defaults().withNaming(null, true), FindMultipaths.ON);
        ReconcilerOptions opts = ReconcilerOptions.inMemory().withFiles(dir.resolve("bindings"), dir.resolve("wwids"));
        Reconciler r = reconciler(sim, ufn, opts);
        done(r.start(paths));
        List<String> names = multipathMaps(sim).stream().map(MapSnapshot::name).sorted().toList();
        assertEquals(List.of("mpatha", "mpathb", "mpathc"), names);
        String bindings = Files.readString(dir.resolve("bindings"));
        for (MapSnapshot m : multipathMaps(sim)) {
            assertTrue(bindings.contains(m.name() + " " + m.uuid().substring("mpath-".length()) + "\n"), bindings);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.exists(dir.resolve("wwids"))
                && io.mpathvx.reconciler.naming.WwidsFile.parse(Files.readString(dir.resolve("wwids"))).size() == 3);

        // restart: same names from the bindings file, nothing loaded
        sim.calls().reset();
        Reconciler again = reconciler(sim, ufn, opts);
        done(again.start(paths));
        assertEquals(0, sim.calls().count(DmCall.TABLE_LOAD));
        assertEquals(0, sim.calls().count(DmCall.RENAME));
    }

    @Test
    void adoptedMapsGoIntoTheWwidsFileAlsoUnderFindMultipathsStrict(@TempDir java.nio.file.Path dir) throws Exception {
        // multipathd's configure() calls remember_wwid for every map it keeps (multipathd/main.c), whatever
        // find_multipaths says: a map made by another tool or an earlier run is remembered at start-up.
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(3, 2));
        List<Path> paths = SimPaths.of(sim);
        done(reconciler(sim, multibus(), ReconcilerOptions.inMemory()).start(paths));
        assertEquals(3, multipathMaps(sim).size());

        java.nio.file.Path wwids = dir.resolve("wwids");
        ReconcilerSettings strict = ReconcilerSettings.fixed(MapPolicy.defaults().withGrouping(PathGroupingPolicy.MULTIBUS),
                FindMultipaths.STRICT);
        sim.calls().reset();
        done(reconciler(sim, strict, ReconcilerOptions.inMemory().withFiles(null, wwids)).start(paths));
        assertEquals(0, sim.calls().count(DmCall.REMOVE), "adopted, not removed");
        assertEquals(paths.stream().map(p -> p.wwid().value()).collect(java.util.stream.Collectors.toSet()),
                io.mpathvx.reconciler.naming.WwidsFile.parse(Files.readString(wwids)));
    }

    /** The same settings with another auto_resize. */
    private static ReconcilerSettings autoResize(ReconcilerSettings base, io.mpathvx.reconciler.desired.MapSize.AutoResize mode) {
        return new ReconcilerSettings() {
            @Override
            public MapPolicy forMap(io.mpathvx.core.model.Wwid wwid, Path anyPath) {
                return base.forMap(wwid, anyPath);
            }

            @Override
            public boolean blacklisted(Path path) {
                return base.blacklisted(path);
            }

            @Override
            public FindMultipaths findMultipaths() {
                return base.findMultipaths();
            }

            @Override
            public io.mpathvx.reconciler.desired.MapSize.AutoResize autoResize() {
                return mode;
            }
        };
    }

    @Test
    void aNewLunWhosePathsDifferInSizeGetsNoMapAndSaysWhy() throws Exception {
        // configure.c coalesce_paths(): "size %llu, expected %llu. Discard" — the whole map is rejected
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        List<Path> paths = SimPaths.of(sim);
        Path first = paths.get(0);
        Path bigger = new Path(first.name(), first.devt(), first.wwid(), first.sizeSectors() * 2, first.vendor(),
                first.product(), first.revision(), first.scsi(), "", first.state());
        Reconciler r = reconciler(sim, multibus(), ReconcilerOptions.inMemory());
        done(r.start(List.of(bigger, paths.get(1))));
        assertEquals(0, sim.calls().count(DmCall.CREATE));
        String note = r.snapshot().maps().get(first.wwid()).note();
        assertTrue(note.startsWith("paths differ in size: "), note);
        // the paths agree again (the LUN was read anew): the map is made
        r.onPaths(List.of(first), List.of());
        done(r.idle());
        assertEquals(1, sim.calls().count(DmCall.CREATE));
    }

    @Test
    void aResizedLunIsResizedOnlyWhenAutoResizeAllows() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        String wwid = sim.paths().get(0).wwid();
        Reconciler never = reconciler(sim, multibus(), ReconcilerOptions.inMemory());
        done(never.start(SimPaths.of(sim)));
        long size = sim.snapshot(wwid).orElseThrow().table().get(0).length();
        sim.resizeLun(wwid, size * 2);
        sim.calls().reset();
        never.onPaths(SimPaths.of(sim), List.of());
        done(never.idle());
        assertEquals(0, sim.calls().count(DmCall.TABLE_LOAD), "auto_resize never: no resize on its own");
        assertEquals(size, sim.snapshot(wwid).orElseThrow().table().get(0).length());

        Reconciler grow = reconciler(sim, autoResize(multibus(), io.mpathvx.reconciler.desired.MapSize.AutoResize.GROW_ONLY),
                ReconcilerOptions.inMemory());
        done(grow.start(SimPaths.of(sim)));
        assertEquals(size * 2, sim.snapshot(wwid).orElseThrow().table().get(0).length(), "grow_only follows a bigger LUN");
        sim.resizeLun(wwid, size);
        grow.onPaths(SimPaths.of(sim), List.of());
        done(grow.idle());
        assertEquals(size * 2, sim.snapshot(wwid).orElseThrow().table().get(0).length(), "grow_only never shrinks");
    }

    @Test
    void unwritableBindingsFileFallsBackToTheWwidName(@TempDir java.nio.file.Path dir) throws Exception {
        Files.writeString(dir.resolve("afile"), "not a directory");
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        List<Path> paths = SimPaths.of(sim);
        ReconcilerSettings ufn = ReconcilerSettings.fixed(MapPolicy.defaults().withNaming(null, true), FindMultipaths.OFF);
        Reconciler r = reconciler(sim, ufn, ReconcilerOptions.inMemory().withFiles(dir.resolve("afile/bindings"), null)
                .withRetry(Duration.ofMillis(10), Duration.ofMillis(50)));
        done(r.start(paths));
        String wwid = paths.get(0).wwid().value();
        // at once, in the first pass: no retries per map, no failure shown
        assertTrue(sim.snapshot(wwid).isPresent(), "named by its WWID");
        assertEquals(1, sim.calls().count(DmCall.CREATE));
        assertEquals(0, r.failingCount());
        assertFalse(sim.snapshot("mpatha").isPresent());
    }

    @Test
    void singlePathLunWaitsUnderFindMultipathsYes() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(2, 1));
        Reconciler r = reconciler(sim, ReconcilerSettings.fixed(MapPolicy.defaults(), FindMultipaths.ON), ReconcilerOptions.inMemory());
        done(r.start(SimPaths.of(sim)));
        assertEquals(0, sim.calls().count(DmCall.CREATE));
        assertTrue(r.snapshot().maps().values().stream().allMatch(v -> v.desired() == null && v.note().contains("find_multipaths")));
    }

    @Test
    void pathStateActionsRunAfterTheMapIsThere() throws Exception {
        SimulatedKernel sim = new SimulatedKernel(SanTopology.generated(1, 2));
        List<Path> paths = SimPaths.of(sim);
        Reconciler r = reconciler(sim, multibus(), ReconcilerOptions.inMemory());
        done(r.start(paths));
        String map = paths.get(0).wwid().value();
        r.applyActions(List.of(new MapAction.FailPath(map, paths.get(0).devt())));
        done(r.idle());
        assertEquals(1, sim.calls().count(DmCall.MESSAGE));
        assertTrue(sim.snapshot(map).orElseThrow().statusParams().contains(paths.get(0).devt() + " F"),
                sim.snapshot(map).orElseThrow().statusParams());
    }
}
