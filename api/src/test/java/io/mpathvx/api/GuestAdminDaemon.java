package io.mpathvx.api;

import io.mpathvx.core.config.LoadedConfig;
import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.mpathvx.uevent.LinuxSysfs;
import io.mpathvx.uevent.NetlinkUeventSource;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.SocketAddress;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * The daemon in this JVM on the guest's real kernel, its state files and admin socket in a temp directory, driven
 * through the {@code mpathvx} client: what the operator tests in the QEMU guest share.
 */
final class GuestAdminDaemon implements AutoCloseable {
    final Daemon daemon;
    private final Vertx vertx;
    private final KernelPorts kernel;
    private final Path socket;

    private GuestAdminDaemon(Vertx vertx, KernelPorts kernel, Daemon daemon, Path socket) {
        this.vertx = vertx;
        this.kernel = kernel;
        this.daemon = daemon;
        this.socket = socket;
    }

    /** Starts the daemon on {@code dm} with {@code loaded}; returns once start-up is done and the socket listens. */
    static GuestAdminDaemon start(DmControl dm, LoadedConfig loaded) throws Exception {
        Path state = Files.createTempDirectory("mpathvx-admin");
        KernelPorts kernel = KernelPorts.linux(dm, new LinuxSysfs(), NetlinkUeventSource.openKernel());
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        Daemon daemon = Daemon.start(vertx, kernel, loaded.config(), ReconcilerOptions.defaults()
                .withFiles(state.resolve("bindings"), state.resolve("wwids"))).await(5, TimeUnit.MINUTES);
        Path socket = state.resolve("mpathvx.sock");
        AdminSocket.prepare(socket, null);
        AdminActions actions = new AdminActions(daemon, () -> daemon.reconfigure(loaded.config()), () -> { });
        new ApiServer(vertx, daemon::snapshot, actions).listen(SocketAddress.domainSocketAddress(socket.toString()),
                ApiAccess.socketPeers(AdminSocket.ownUid(), -1)).await();
        AdminSocket.secure(socket, null);
        return new GuestAdminDaemon(vertx, kernel, daemon, socket);
    }

    /** {@code mpathvx --socket SOCKET args...}, its outcome printed to the test's output. */
    AdminFixture.Run cli(String... args) {
        AdminFixture.Run r = AdminFixture.cli(socket, args);
        System.out.println("mpathvx " + String.join(" ", args) + " -> " + r.exit() + ": " + (r.out() + r.err()).strip());
        return r;
    }

    /** Stops the daemon, waiting until its checkers have closed every disk (or scsi_debug cannot be unloaded). */
    @Override
    public void close() throws Exception {
        daemon.close();
        await().atMost(Duration.ofSeconds(120)).until(() -> GuestConfig.openDisks() == 0);
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(1, TimeUnit.MINUTES).join();
        kernel.close();
        Files.deleteIfExists(socket);
    }
}
