package io.mpathvx.core.sim;

/**
 * A call held inside the simulated kernel: a hung ioctl (held until {@link #release()}) or a slow one (held until the
 * {@link SimClock} passes its deadline or it is released). The call blocks its worker thread, never sleeps.
 */
public final class Stall {
    private final SimClock clock;
    private final long deadline; // Long.MAX_VALUE: until released
    private boolean blocked;
    private boolean released;
    private boolean finished;

    Stall(SimClock clock, long deadline) {
        this.clock = clock;
        this.deadline = deadline;
    }

    /** Whether a call is held in this stall right now (poll it with Awaitility). */
    public synchronized boolean isBlocked() {
        return blocked;
    }

    /** Whether a call went through this stall and left it. */
    public synchronized boolean isFinished() {
        return finished;
    }

    /** Lets the held call (or the next one to arrive) continue. */
    public void release() {
        synchronized (this) {
            released = true;
            notifyAll();
        }
        if (deadline != Long.MAX_VALUE) {
            synchronized (clock) {
                clock.notifyAll();
            }
        }
    }

    void pass() throws InterruptedException {
        synchronized (this) {
            blocked = true;
            notifyAll();
        }
        try {
            if (deadline == Long.MAX_VALUE) {
                synchronized (this) {
                    while (!released) wait();
                }
            } else {
                synchronized (clock) {
                    while (clock.nanos() < deadline && !isReleased()) clock.wait();
                }
            }
        } finally {
            synchronized (this) {
                blocked = false;
                finished = true;
                notifyAll();
            }
        }
    }

    private synchronized boolean isReleased() {
        return released;
    }
}
