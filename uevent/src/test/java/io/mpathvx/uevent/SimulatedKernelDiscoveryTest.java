package io.mpathvx.uevent;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.sim.PathInfo;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery and the listener against event-core's simulated kernel (its Sysfs and UeventSource ports). */
class SimulatedKernelDiscoveryTest {
    private final Vertx vertx = Vertx.vertx();
    private final RecordingHandler handler = new RecordingHandler();

    @AfterEach
    void stop() {
        vertx.close().await();
    }

    @Test
    void discoveryFindsEverySimulatedPathWithMultipathdsWwid() throws Exception {
        SimulatedKernel kernel = new SimulatedKernel(SanTopology.generated(40, 4));
        List<DiscoveredPath> found = new PathDiscovery(kernel, PathDiscovery.Config.defaults()).scan();
        Map<String, PathInfo> truth = kernel.paths().stream().collect(Collectors.toMap(PathInfo::name, Function.identity()));
        assertEquals(160, found.size());
        assertEquals(40, found.stream().map(p -> p.path().wwid()).distinct().count());
        for (DiscoveredPath p : found) {
            PathInfo t = truth.get(p.name());
            assertEquals(t.devt(), p.path().devt(), p.name());
            assertEquals(Wwid.of(t.wwid()), p.path().wwid(), p.name()); // sim without udevd: VPD 0x83 decode
            assertEquals(t.address(), p.path().scsi());
            assertEquals(t.sizeSectors(), p.path().sizeSectors());
            assertEquals(t.vendor(), p.path().vendor());
            assertEquals(t.product(), p.path().product());
        }
    }

    @Test
    void withUdevTheWwidComesFromUdevAndTheUdevSourceCarriesIdSerial() throws Exception {
        SimulatedKernel kernel = new SimulatedKernel(SanTopology.parse(new io.vertx.core.json.JsonObject()
                .put("udev", true).put("generate", new io.vertx.core.json.JsonObject().put("luns", 3).put("pathsPerLun", 2))));
        List<DiscoveredPath> found = new PathDiscovery(kernel, PathDiscovery.Config.defaults()).scan();
        assertEquals(6, found.size());
        Map<String, PathInfo> truth = kernel.paths().stream().collect(Collectors.toMap(PathInfo::name, Function.identity()));
        for (DiscoveredPath p : found) {
            assertEquals(WwidSource.UDEV, p.wwidSource(), p.name());
            assertEquals(Wwid.of(truth.get(p.name()).wwid()), p.path().wwid());
        }
        UeventListener listener = UeventListener.start(vertx.getOrCreateContext(), kernel.openUdevSource(1024),
                UeventListener.Options.defaults().withUidAttrs(UidAttributes.parse("sd:ID_SERIAL")), handler);
        PathInfo victim = kernel.paths().get(0);
        kernel.removePath(victim.name());
        await().atMost(Duration.ofSeconds(5)).until(() -> handler.seen(PathEvent.Removed.class, victim.name()));
        PathEvent removed = handler.find(PathEvent.class, victim.name());
        assertEquals(Uevent.Source.UDEV, removed.uevent().source());
        assertEquals(victim.devt(), removed.devt());
        assertEquals(0, listener.stats().droppedTotal(), "udev datagrams pass the uid-0 check: " + listener.stats());
        listener.close();
    }

    @Test
    void listenerSeesRemovesAddsAndOverflowOfTheSimulatedKernel() throws Exception {
        SimulatedKernel kernel = new SimulatedKernel(SanTopology.generated(4, 2));
        PathDiscovery discovery = new PathDiscovery(kernel, PathDiscovery.Config.defaults());
        UeventListener listener = UeventListener.start(vertx.getOrCreateContext(), kernel.openUeventSource(4096),
                UeventListener.Options.defaults().withDiscovery(discovery), handler);
        PathInfo victim = kernel.paths().get(0);
        kernel.removePath(victim.name());
        await().atMost(Duration.ofSeconds(5)).until(() -> handler.seen(PathEvent.Removed.class, victim.name()));
        assertTrue(discovery.discover(victim.name()).isEmpty());
        kernel.faults().overflowUevents();
        await().atMost(Duration.ofSeconds(5)).until(() -> !handler.resyncs.isEmpty());
        assertEquals(Resync.Reason.OVERFLOW, handler.resyncs.peek().reason());
        assertEquals(0, listener.stats().droppedTotal(), listener.stats().toString());
        listener.close();
    }
}
