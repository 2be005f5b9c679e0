package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.config.MultipathConfig;
import io.mpathvx.core.sim.SimulatedKernel;
import io.mpathvx.reconciler.ReconcilerOptions;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One daemon on a simulated kernel per test, stopped after it ({@code @RegisterExtension}): the daemon, its Vert.x
 * and the kernel are closed in that order.
 */
final class SimDaemon implements AfterEachCallback {
    private Vertx vertx;
    private SimulatedKernel sim;
    private Daemon daemon;

    /** Starts the daemon on {@code kernel} with a multipath.conf text; returns once start-up has settled. */
    Daemon start(SimulatedKernel kernel, String conf) throws Exception {
        return start(kernel, ConfigLoader.parse(conf, "test.conf").config());
    }

    Daemon start(SimulatedKernel kernel, MultipathConfig config) {
        sim = kernel;
        vertx = Vertx.vertx();
        daemon = Daemon.start(vertx, KernelPorts.simulated(kernel, "test"), config, ReconcilerOptions.inMemory()).await();
        return daemon;
    }

    Daemon daemon() {
        return daemon;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (daemon != null) daemon.stop().await();
        if (vertx != null) vertx.close().await();
        if (sim != null) sim.close();
        daemon = null;
        vertx = null;
        sim = null;
    }
}
