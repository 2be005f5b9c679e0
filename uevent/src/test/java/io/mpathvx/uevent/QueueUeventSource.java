package io.mpathvx.uevent;

import io.mpathvx.core.kernel.RawUevent;
import io.mpathvx.core.kernel.ReadyWatch;
import io.mpathvx.core.kernel.UeventOverflowException;
import io.mpathvx.core.kernel.UeventSource;
import io.vertx.core.Context;
import io.vertx.core.Future;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/** An in-memory uevent source with the netlink socket's readiness contract, for listener tests. */
final class QueueUeventSource implements UeventSource {
    private final ConcurrentLinkedQueue<RawUevent> queue = new ConcurrentLinkedQueue<>();
    private volatile boolean overflow;
    private volatile boolean broken;
    private volatile Context context;
    private volatile Runnable onReady;
    private volatile boolean paused;
    volatile int drains;
    /** Set: watches fail to start, as FdPoller's does when epoll refuses the fd. */
    volatile Throwable refuseWatch;

    void push(RawUevent... events) {
        for (RawUevent e : events) queue.add(e);
        signal();
    }

    /** The next drain reports ENOBUFS after handing what is queued. */
    void overflow() {
        overflow = true;
        signal();
    }

    /** Every drain from now on fails like a socket that went bad. */
    void breakDown() {
        broken = true;
        signal();
    }

    private void signal() {
        Context ctx = context;
        if (ctx != null) ctx.runOnContext(v -> fire());
    }

    private void fire() {
        if (paused || onReady == null || (queue.isEmpty() && !overflow && !broken)) return;
        paused = true; // like FdPoller: no further calls until resume()
        onReady.run();
    }

    @Override
    public ReadyWatch watch(Context context, Runnable onReady) {
        Throwable refused = refuseWatch;
        if (refused != null) {
            return new ReadyWatch() {
                @Override
                public Future<Void> started() {
                    return Future.failedFuture(refused);
                }

                @Override
                public void resume() {
                }

                @Override
                public void close() {
                }
            };
        }
        this.context = context;
        this.onReady = onReady;
        signal();
        return new ReadyWatch() {
            @Override
            public void resume() {
                paused = false;
                signal(); // level-triggered: still readable → called again
            }

            @Override
            public void close() {
                QueueUeventSource.this.onReady = null;
            }
        };
    }

    @Override
    public int drain(Consumer<RawUevent> sink, int max) throws UeventOverflowException {
        drains++;
        if (broken) throw new IllegalStateException("recvmsg failed: EBADF");
        int n = 0;
        RawUevent e;
        while (n < max && (e = queue.poll()) != null) {
            sink.accept(e);
            n++;
        }
        if (n < max && overflow) {
            overflow = false;
            throw new UeventOverflowException("test overflow");
        }
        return n;
    }

    @Override
    public void close() {
    }
}
