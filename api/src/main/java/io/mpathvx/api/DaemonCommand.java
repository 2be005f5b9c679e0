package io.mpathvx.api;

import io.mpathvx.core.config.ConfigException;
import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.config.LoadedConfig;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code mpathvx daemon}: runs until SIGINT/SIGTERM. */
final class DaemonCommand {
    private static final Logger LOG = Logger.getLogger(DaemonCommand.class.getName());
    static final String DEFAULT_CONFIG = "/etc/multipath.conf";

    private DaemonCommand() {
    }

    static int run(CommandLine cl, PrintStream out, PrintStream err) {
        LoadedConfig config;
        try {
            config = loadConfig(cl);
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return Main.USAGE;
        }
        ConfiguredVerbosity.of(cl, config.config().globals().verbosity()).ifPresent(LogSetup::configure);
        String sim = cl.option("--sim");
        if (sim == null) {
            String why = KernelPorts.unsupportedReason();
            if (why != null) {
                err.println("mpathvx: " + why + ".");
                err.println("To try mpathvx without root or device-mapper, run it against a simulated SAN: "
                        + "mpathvx daemon --sim examples/san-small.json");
                return Main.FAILURE;
            }
        }
        String[] api = cl.option("--api") == null ? null : cl.option("--api").split(":");
        if (api != null && (api.length != 2 || !api[1].matches("\\d{1,5}"))) {
            err.println("mpathvx: --api must be HOST:PORT");
            return Main.USAGE;
        }
        String token = null;
        if (api != null) {
            try {
                token = ApiToken.read(cl.option("--api-token-file"));
            } catch (java.io.IOException e) {
                err.println("mpathvx: " + e.getMessage());
                return Main.USAGE;
            }
        }
        KernelPorts kernel;
        ReconcilerOptions options;
        try {
            if (sim != null) {
                kernel = KernelPorts.simulated(Path.of(sim));
                Path state = cl.option("--state-dir") != null ? Path.of(cl.option("--state-dir"))
                        : Files.createTempDirectory("mpathvx-sim-");
                options = ReconcilerOptions.defaults().withFiles(state.resolve("bindings"), state.resolve("wwids"));
            } else {
                kernel = KernelPorts.linux();
                var g = config.config().globals();
                options = ReconcilerOptions.defaults().withFiles(Path.of(g.bindingsFile().value()), Path.of(g.wwidsFile().value()));
            }
        } catch (KernelPorts.BadTopology e) {
            err.println("mpathvx: " + e.getMessage());
            return Main.USAGE;
        } catch (Exception e) {
            err.println("mpathvx: cannot open the kernel interfaces: " + e.getMessage());
            return Main.FAILURE;
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        SystemdNotifier systemd = SystemdNotifier.fromEnvironment(System.getenv());
        CountDownLatch stopped = new CountDownLatch(1);
        try {
            // The API listens first: it answers "starting" with progress while paths are discovered.
            Daemon daemon = Daemon.launch(vertx, kernel, config.config(), options);
            AdminActions actions = new AdminActions(daemon, () -> reconfigureNow(cl, daemon), () -> System.exit(0));
            ApiServer server = new ApiServer(vertx, daemon::snapshot, actions);
            Path socket = Path.of(cl.option("--socket") == null ? AdminSocket.defaultPath() : cl.option("--socket"));
            String group = cl.option("--api-read-group");
            int gid = vertx.executeBlocking(() -> AdminSocket.prepare(socket, group), false).await();
            int uid = AdminSocket.ownUid();
            server.listen(io.vertx.core.net.SocketAddress.domainSocketAddress(socket.toString()), ApiAccess.socketPeers(uid, gid)).await();
            vertx.executeBlocking(() -> {
                AdminSocket.secure(socket, group);
                return null;
            }, false).await();
            LOG.info(() -> "admin socket " + socket + (group == null ? " (mode 0600)" : " (mode 0660, group " + group + " may read)"));
            if (api != null) {
                server.listen(io.vertx.core.net.SocketAddress.inetSocketAddress(Integer.parseInt(api[1]), api[0]), ApiAccess.bearer(token)).await();
                LOG.info(() -> "admin API on http://" + api[0] + ":" + api[1] + "/v1/maps (bearer token required)");
            }
            daemon.started().await();
            systemd.ready(readyStatus(daemon));
            systemd.startWatchdog(vertx, daemon.loop());
            // SIGHUP re-reads the configuration (systemctl reload); by default the JVM would exit on it
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> {
                systemd.reloading();
                reconfigure(cl, daemon).onComplete(ar -> systemd.ready(readyStatus(daemon)));
            });
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // straight to logback: java.util.logging resets its handlers in its own shutdown hook, meanwhile
                org.slf4j.LoggerFactory.getLogger(DaemonCommand.class).info("stopping");
                systemd.stopping().orTimeout(1, TimeUnit.SECONDS).exceptionally(x -> null).join();
                daemon.stop().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(x -> null).join();
                vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(x -> null).join();
                kernel.close();
                systemd.close();
                try {
                    Files.deleteIfExists(socket);
                } catch (java.io.IOException e) {
                    // a stale socket is removed at the next start
                }
                org.slf4j.LoggerFactory.getLogger(DaemonCommand.class).info("stopped");
                LogSetup.flush();
                stopped.countDown();
            }, "mpathvx-shutdown"));
            stopped.await();
            return Main.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Main.FAILURE;
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "daemon failed to start: " + e.getMessage(), e);
            vertx.close();
            kernel.close();
            systemd.close();
            return Main.FAILURE;
        }
    }

    /**
     * Reloads the configuration file (and config_dir) and applies it; a configuration that does not load leaves the
     * running one in place, with the reason as {@code FILE:LINE: problem} (multipathd's reconfigure does the same).
     */
    static Future<Void> reconfigure(CommandLine cl, Daemon daemon) {
        LOG.info("SIGHUP: reloading the configuration");
        return reconfigureNow(cl, daemon);
    }

    /** The code SIGHUP and the {@code reconfigure} command share; fails with FILE:LINE: problem when the file does not load. */
    static io.vertx.core.Future<Void> reconfigureNow(CommandLine cl, Daemon daemon) {
        try {
            LoadedConfig fresh = loadConfig(cl);
            return daemon.reconfigure(fresh.config()).onComplete(ar -> LOG.info(ar.succeeded() ? "reconfigured"
                    : "reconfigure did not settle: " + ar.cause()));
        } catch (ConfigException e) {
            LOG.warning("configuration not reloaded, the running one stays: " + e.getMessage());
            return io.vertx.core.Future.failedFuture(e);
        }
    }

    /** systemd's STATUS= line (systemctl status shows it). */
    private static String readyStatus(Daemon daemon) {
        return "managing " + daemon.snapshot().mapCount() + " maps, " + daemon.snapshot().pathCount() + " paths";
    }

    /** The configuration: --config FILE (must exist), else /etc/multipath.conf if present, else built-in defaults. */
    static LoadedConfig loadConfig(CommandLine cl) throws ConfigException {
        String file = cl.option("--config");
        LoadedConfig loaded;
        if (file != null) {
            if (!Files.isRegularFile(Path.of(file))) throw new ConfigException(file, 0, "no such file");
            loaded = ConfigLoader.load(Path.of(file));
        } else {
            loaded = ConfigLoader.load(Path.of(DEFAULT_CONFIG));
        }
        loaded.warnings().forEach(w -> LOG.warning(w::toString));
        return loaded;
    }

}
