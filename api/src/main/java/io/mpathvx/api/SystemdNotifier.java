package io.mpathvx.api;

import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Tells systemd how the daemon is doing (the sd_notify(3) protocol of a {@code Type=notify} unit): READY=1 once
 * start-up discovery has settled, RELOADING=1 … READY=1 around a SIGHUP reconfigure, STOPPING=1 when shutdown begins,
 * and WATCHDOG=1 every half {@code $WATCHDOG_USEC}. The watchdog timer runs on the daemon's event loop, so a stuck loop
 * stops the pings and systemd restarts the daemon; every datagram leaves from one sender thread of its own, in the
 * order asked, so the loop never makes a system call for it. Without {@code $NOTIFY_SOCKET} everything is a no-op.
 */
final class SystemdNotifier implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(SystemdNotifier.class.getName());
    static final String WATCHDOG = "WATCHDOG=1";
    static final String STOPPING = "STOPPING=1";

    private final NotifySocket socket;
    private final ExecutorService sender;
    private final Duration watchdogUsec;
    private volatile long watchdogTimer = -1;
    private volatile Vertx timerOwner;
    /** Sender thread only: after STOPPING=1 no watchdog ping may follow it. */
    private boolean stoppingSent;

    private SystemdNotifier(NotifySocket socket, Duration watchdogUsec) {
        this.socket = socket;
        this.watchdogUsec = watchdogUsec;
        this.sender = socket == null ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "mpathvx-sd-notify");
            t.setDaemon(true);
            return t;
        });
    }

    /** From the process environment systemd sets: NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID. */
    static SystemdNotifier fromEnvironment(Map<String, String> env) {
        String target = env.get("NOTIFY_SOCKET");
        if (target == null || target.isEmpty()) return new SystemdNotifier(null, null);
        NotifySocket socket;
        try {
            socket = NotifySocket.open(target);
        } catch (IOException | IllegalArgumentException | UnsatisfiedLinkError e) {
            LOG.warning(() -> "NOTIFY_SOCKET=" + target + " is not usable, systemd is not told of start-up: " + e.getMessage());
            return new SystemdNotifier(null, null);
        }
        return new SystemdNotifier(socket, watchdogInterval(env, ProcessHandle.current().pid()));
    }

    /** WATCHDOG_USEC when it is meant for this process (WATCHDOG_PID absent or ours), as sd_watchdog_enabled() does. */
    static Duration watchdogInterval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec == null || (forPid != null && !forPid.equals(Long.toString(pid)))) return null;
        try {
            long us = Long.parseLong(usec.strip());
            return us > 0 ? Duration.ofNanos(us * 1000) : null;
        } catch (NumberFormatException e) {
            LOG.warning(() -> "WATCHDOG_USEC=" + usec + " is not a number; no watchdog pings");
            return null;
        }
    }

    boolean enabled() {
        return socket != null;
    }

    /** Start-up (or a reload) is done. */
    void ready(String status) {
        send("READY=1\nSTATUS=" + status);
    }

    /** A reload begins; MONOTONIC_USEC is what {@code Type=notify-reload} units require (CLOCK_MONOTONIC, like nanoTime). */
    void reloading() {
        send("RELOADING=1\nMONOTONIC_USEC=" + System.nanoTime() / 1000);
    }

    /** Shutdown begins; completes once the datagram is sent (the caller may wait briefly before exiting). */
    CompletableFuture<Void> stopping() {
        Vertx owner = timerOwner;
        if (owner != null && watchdogTimer >= 0) owner.cancelTimer(watchdogTimer);
        if (sender == null) return CompletableFuture.completedFuture(null);
        return CompletableFuture.runAsync(() -> {
            stoppingSent = true;
            write(STOPPING);
        }, sender);
    }

    /**
     * Pings the watchdog from a periodic timer on {@code loop} at half the interval systemd asked for (its advice):
     * the timer fires only while the loop turns, so the pings measure the loop's health, not a thread's.
     */
    void startWatchdog(Vertx vertx, Context loop) {
        if (sender == null || watchdogUsec == null) return;
        long every = Math.max(1, watchdogUsec.toMillis() / 2);
        timerOwner = vertx;
        loop.runOnContext(v -> watchdogTimer = vertx.setPeriodic(1, every, id -> sender.execute(() -> {
            if (!stoppingSent) write(WATCHDOG);
        })));
    }

    private void send(String message) {
        if (sender != null) sender.execute(() -> write(message));
    }

    /** On the sender thread only. */
    private void write(String message) {
        try {
            socket.send(message);
        } catch (IOException e) {
            LOG.warning(() -> "cannot notify systemd (" + message.lines().findFirst().orElse("") + "): " + e.getMessage());
        }
    }

    @Override
    public void close() {
        if (sender == null) return;
        sender.shutdown();
        try {
            if (!sender.awaitTermination(2, TimeUnit.SECONDS)) sender.shutdownNow();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        socket.close();
    }
}
