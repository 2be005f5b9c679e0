package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.testkit.GuestKernel;
import io.mpathvx.dm.LinuxDmControl;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.mpathvx.uevent.LinuxSysfs;
import io.mpathvx.uevent.NetlinkUeventSource;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code show maps json} of mpathvx and of Debian's multipathd for the same scsi_debug SAN have the same keys and
 * nesting: multipathd runs on the SAN first (udevd running, the LUN's WWID in a tmpfs wwids file), its document is
 * captured, it is shut down, then mpathvx adopts the map and answers the same command through its socket.
 */
@Tag("real-kernel")
class MultipathdJsonKernelTest {
    private static final Path MULTIPATHD = Path.of("/sbin/multipathd");
    private static final Duration LONG = Duration.ofSeconds(120);

    private Vertx vertx;
    private Daemon daemon;
    private KernelPorts kernel;
    private boolean udevStarted;
    private boolean tmpfs;

    @BeforeAll
    static void guestOnly() {
        GuestKernel.assumeGuest();
    }

    @AfterEach
    void cleanUp() throws Exception {
        GuestKernel.sh("pidof multipathd && " + MULTIPATHD + " shutdown");
        if (daemon != null) {
            daemon.close();
            await().atMost(LONG).until(() -> GuestConfig.openDisks() == 0);
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(1, TimeUnit.MINUTES).join();
            kernel.close();
        }
        if (udevStarted) GuestKernel.sh("udevadm settle --timeout=30; udevadm control --exit");
        GuestKernel.dmsetup("remove_all", "--force");
        if (tmpfs) GuestKernel.sh("umount /etc/multipath");
        GuestKernel.unloadScsiDebug();
    }

    @Test
    void showMapsJsonHasMultipathdsKeysAndNesting() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(MULTIPATHD), "multipath-tools is not installed on the host root");
        Path udevd = Files.exists(Path.of("/lib/systemd/systemd-udevd")) ? Path.of("/lib/systemd/systemd-udevd")
                : Path.of("/usr/lib/systemd/systemd-udevd");
        GuestKernel.loadScsiDebug(2, "add_host=2", "num_tgts=1", "max_luns=1",
                "vpd_use_hostno=0", "dev_size_mb=8");
        GuestKernel.sh("mount -t tmpfs tmpfs /etc/multipath").orThrow("tmpfs over /etc/multipath");
        tmpfs = true;
        // /etc/multipath.conf is the host's (absent); multipathd also reads config_dir, here on the tmpfs
        Files.createDirectories(Path.of("/etc/multipath/conf.d"));
        Files.writeString(Path.of("/etc/multipath/conf.d/mpathvx-test.conf"),
                "defaults {\n    find_multipaths no\n    user_friendly_names no\n}\n");
        GuestKernel.sh(udevd + " --daemon").orThrow("start udevd");
        udevStarted = true;
        await().atMost(GuestKernel.SETTLE).until(() -> Files.exists(Path.of("/run/udev/control")));
        GuestKernel.sh("udevadm trigger --action=add --subsystem-match=block; udevadm settle --timeout=60");
        // multipathd takes only udev-initialized disks, and settle can return early here (docs/real-kernel-tier.md)
        for (var disk : GuestKernel.scsiDebugDisks()) {
            await().atMost(LONG).until(() -> GuestKernel.sh("udevadm info -q property -n " + disk.name()).output().contains("ID_SERIAL="));
        }

        GuestKernel.sh(MULTIPATHD + " -s -v2").orThrow("start multipathd");
        try {
            await().atMost(LONG).until(() -> maps(GuestKernel.sh(MULTIPATHD + " show maps json").output()) == 1);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.println("multipathd made no map: " + GuestKernel.sh(MULTIPATHD + " show paths; " + MULTIPATHD
                    + " show maps; " + MULTIPATHD + " show status; ls -la /etc/multipath /etc/multipath/conf.d; pidof multipathd").output());
            throw e;
        }
        String theirs = GuestKernel.sh(MULTIPATHD + " show maps json").output();
        System.out.println("multipathd:\n" + theirs);
        GuestKernel.sh(MULTIPATHD + " shutdown").orThrow("stop multipathd");
        await().atMost(LONG).until(() -> !GuestKernel.sh("pidof multipathd").ok());

        kernel = new KernelPorts("guest kernel", LinuxDmControl.open(), new LinuxSysfs(), NetlinkUeventSource.openKernel(), null);
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        Path state = Files.createTempDirectory("mpathvx-json");
        daemon = Daemon.start(vertx, kernel, ConfigLoader.parse("""
                defaults {
                    find_multipaths greedy
                    user_friendly_names no
                }
                """ + GuestConfig.SCSI_DEBUG_DEVICE, "json.conf").config(), ReconcilerOptions.defaults()
                .withFiles(state.resolve("bindings"), state.resolve("wwids"))).await(5, TimeUnit.MINUTES);
        Path socket = state.resolve("mpathvx.sock");
        new ApiServer(vertx, daemon::snapshot, new AdminActions(daemon, () -> null, () -> { }))
                .listen(SocketAddress.domainSocketAddress(socket.toString()), ApiAccess.socketPeers(AdminSocket.ownUid(), -1)).await();
        await().atMost(LONG).until(() -> maps(ClientCommand.send(socket, "show maps json").getString("reply")) == 1);
        String ours = ClientCommand.send(socket, "show maps json").getString("reply");
        System.out.println("mpathvx:\n" + ours);
        assertEquals(shape(new JsonObject(theirs)), shape(new JsonObject(ours)));
    }

    private static int maps(String json) {
        try {
            return new JsonObject(json).getJsonArray("maps").size();
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The document's keys in order and their nesting, values replaced by their JSON type. */
    static List<String> shape(Object v) {
        List<String> out = new ArrayList<>();
        shape("", v, out);
        return out;
    }

    private static void shape(String at, Object v, List<String> out) {
        if (v instanceof JsonObject o) {
            for (String k : o.fieldNames()) shape(at + "/" + k, o.getValue(k), out);
        } else if (v instanceof JsonArray a) {
            out.add(at + "[]");
            if (!a.isEmpty()) shape(at + "[0]", a.getValue(0), out);
        } else {
            out.add(at + ": " + (v instanceof Number ? "number" : v instanceof String ? "string" : String.valueOf(v)));
        }
    }
}
