package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.config.MultipathConfig;
import io.mpathvx.core.sim.SanTopology;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running daemon on the simulated kernel with its admin API on a Unix socket in a temp directory, and the
 * {@code mpathvx} client pointed at it. Two LUNs of two paths each, one group per path (failover), queueing.
 */
final class AdminFixture implements AutoCloseable {
    static final String W1 = "36001405aaaaaaaaaaaaaaaaaaaaaaaa1";
    static final String W2 = "36001405aaaaaaaaaaaaaaaaaaaaaaaa2";
    static final String CONFIG = """
            defaults {
                polling_interval 1
                find_multipaths greedy
                user_friendly_names no
                no_path_retry queue
            }
            overrides {
                path_grouping_policy failover
            }
            """;

    final Vertx vertx;
    final SimulatedKernel sim;
    final Daemon daemon;
    final Path dir;
    final Path socket;
    final AtomicInteger shutdowns = new AtomicInteger();
    volatile String configText = CONFIG;

    /** Reads and writes for this process's user; {@code access} overrides (peer-permission tests). */
    AdminFixture(ApiAccess access) throws Exception {
        this(new SimulatedKernel(SanTopology.parse(new JsonObject("""
                {"hosts": [0, 1], "luns": [
                  {"wwid": "%s", "sizeMb": 64, "vendor": "LIO-ORG", "product": "disk",
                   "paths": [{"host": 0}, {"host": 1}]},
                  {"wwid": "%s", "sizeMb": 64, "vendor": "LIO-ORG", "product": "disk",
                   "paths": [{"host": 0}, {"host": 1}]}]}
                """.formatted(W1, W2)))), CONFIG, ReconcilerOptions.inMemory(), access);
    }

    /** A daemon and its socket on {@code sim} (which {@link #close} closes, {@link #stopDaemon} does not). */
    AdminFixture(SimulatedKernel sim, String config, ReconcilerOptions options, ApiAccess access) throws Exception {
        vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        this.sim = sim;
        configText = config;
        daemon = Daemon.start(vertx, KernelPorts.simulated(sim, "test"), config(config), options).await();
        daemon.idle().await();
        dir = Files.createTempDirectory("mpathvx-api-");
        socket = dir.resolve("mpathvx.sock");
        AdminActions actions = new AdminActions(daemon, this::reconfigure, shutdowns::incrementAndGet);
        AdminSocket.prepare(socket, null);
        new ApiServer(vertx, daemon::snapshot, actions).listen(SocketAddress.domainSocketAddress(socket.toString()),
                access != null ? access : ApiAccess.socketPeers(AdminSocket.ownUid(), -1)).await();
        AdminSocket.secure(socket, null);
    }

    AdminFixture() throws Exception {
        this(null);
    }

    /** Waits until {@code paths} paths are in maps in the published snapshot (the start-up has settled). */
    void awaitPathsInMaps(int paths, java.time.Duration atMost) {
        org.awaitility.Awaitility.await().atMost(atMost)
                .until(() -> daemon.snapshot().paths().stream().filter(p -> !p.map().isEmpty()).count() == paths);
    }

    private Future<Void> reconfigure() {
        try {
            return daemon.reconfigure(ConfigLoader.parse(configText, "test.conf").config());
        } catch (io.mpathvx.core.config.ConfigException e) {
            return Future.failedFuture(e);
        }
    }

    static MultipathConfig config(String text) {
        try {
            return ConfigLoader.parse(text, "test.conf").config();
        } catch (io.mpathvx.core.config.ConfigException e) {
            throw new AssertionError(e);
        }
    }

    /** What {@code mpathvx --socket S args...} printed and returned. */
    record Run(int exit, String out, String err) {
    }

    Run cli(String... args) {
        return cli(socket, args);
    }

    /** What {@code mpathvx --socket SOCKET args...} printed and returned (the client's code, in this JVM). */
    static Run cli(Path socket, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 2];
        all[0] = "--socket";
        all[1] = socket.toString();
        System.arraycopy(args, 0, all, 2, args.length);
        int exit = Main.run(all, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    SocketHttp.Response http(String method, String path, String body) throws java.io.IOException {
        return SocketHttp.request(socket, method, path, body);
    }

    @Override
    public void close() throws Exception {
        stopDaemon();
        sim.close();
    }

    /** Stops the daemon and its API, leaving the simulated kernel as it is (a restart test starts another). */
    void stopDaemon() throws Exception {
        daemon.stop().await();
        vertx.close().await();
        try (var s = Files.list(dir)) {
            for (Path p : s.toList()) Files.deleteIfExists(p);
        }
        Files.deleteIfExists(dir);
    }
}
