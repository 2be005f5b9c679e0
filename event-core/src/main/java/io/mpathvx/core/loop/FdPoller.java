package io.mpathvx.core.loop;

import io.mpathvx.core.kernel.ReadyWatch;
import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.epoll.EpollIoHandle;
import io.netty.channel.epoll.EpollIoOps;
import io.netty.channel.unix.FileDescriptor;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.internal.ContextInternal;

import java.util.Objects;

/**
 * Watches raw file descriptors (netlink socket, dm control fd, eventfd) for readability on a Vert.x context's own
 * epoll event loop, so no poller thread is needed. This is the only class that touches Vert.x/Netty internals.
 *
 * <p>Needs Vert.x started with native transport ({@code VertxOptions.setPreferNativeTransport(true)} and
 * netty-transport-native-epoll on the class path). The callback runs on the context's event-loop thread. After each
 * callback the fd's interest is switched off until {@link ReadyWatch#resume()}, so a consumer that finishes on a
 * worker is not called again meanwhile (the registration is level-triggered).
 */
public final class FdPoller {
    private static final EpollIoOps NONE = EpollIoOps.valueOf(0);

    private FdPoller() {
    }

    /** Whether raw fds can be watched on this context's loop. */
    public static boolean supported(Context context) {
        return context instanceof ContextInternal ci && ci.nettyEventLoop() instanceof IoEventLoop loop
                && loop.isCompatible(Handle.class);
    }

    /**
     * Starts watching {@code fd}. The fd stays owned by the caller: closing the watch does not close the fd, but the
     * watch must be closed before the fd is. Registration with the loop's epoll completes later, on the loop: its
     * outcome is {@link ReadyWatch#started()}, which fails when epoll refuses the fd (the watch is then dead).
     */
    public static ReadyWatch watch(Context context, int fd, Runnable onReadable) {
        Objects.requireNonNull(onReadable);
        if (!supported(context)) {
            throw new IllegalStateException("native epoll transport not active on this Vert.x instance; "
                    + "start Vert.x with setPreferNativeTransport(true) on linux-x86_64");
        }
        IoEventLoop loop = (IoEventLoop) ((ContextInternal) context).nettyEventLoop();
        Handle handle = new Handle(fd, onReadable);
        loop.register(handle).addListener(f -> {
            if (f.isSuccess()) {
                handle.registered((IoRegistration) f.getNow());
            } else {
                handle.outcome.tryFail(f.cause());
            }
        });
        return handle;
    }

    private static final class Handle implements EpollIoHandle, ReadyWatch {
        private final FileDescriptor fd;
        private final Runnable onReadable;
        private volatile IoRegistration registration;
        private volatile boolean closed;
        private volatile boolean wantResume = true;
        private final Promise<Void> outcome = Promise.promise();

        Handle(int fd, Runnable onReadable) {
            this.fd = new FileDescriptor(fd);
            this.onReadable = onReadable;
        }

        void registered(IoRegistration reg) {
            registration = reg;
            try {
                if (closed) {
                    reg.cancel();
                } else if (wantResume) {
                    // epoll_ctl happens here: a refused fd (e.g. a regular file) fails now, not at register()
                    reg.submit(EpollIoOps.EPOLLIN);
                }
                outcome.tryComplete();
            } catch (RuntimeException e) {
                reg.cancel();
                outcome.tryFail(e);
            }
        }

        @Override
        public Future<Void> started() {
            return outcome.future();
        }

        @Override
        public FileDescriptor fd() {
            return fd;
        }

        @Override
        public void handle(IoRegistration reg, IoEvent event) {
            if (closed) return;
            reg.submit(NONE);
            wantResume = false;
            onReadable.run();
        }

        @Override
        public void resume() {
            wantResume = true;
            IoRegistration reg = registration;
            if (reg != null && !closed && reg.isValid()) reg.submit(EpollIoOps.EPOLLIN);
        }

        @Override
        public void close() {
            closed = true;
            IoRegistration reg = registration;
            if (reg != null) reg.cancel();
        }
    }
}
