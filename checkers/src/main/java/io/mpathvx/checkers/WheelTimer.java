package io.mpathvx.checkers;

import io.vertx.core.Vertx;

/** {@link CheckTimer#wheel}: a {@link TimerWheel} ticked by one Vert.x timer while it has tasks. Loop only. */
final class WheelTimer implements CheckTimer {
    private final Vertx vertx;
    private final TimerWheel wheel;
    private final int budget;
    private boolean armed;

    WheelTimer(Vertx vertx, long tickMillis, int budget) {
        this.vertx = vertx;
        this.budget = budget;
        this.wheel = new TimerWheel(tickMillis, nowMillis());
    }

    @Override
    public long nowMillis() {
        return System.nanoTime() / 1_000_000L;
    }

    @Override
    public long schedule(long delayMillis, Runnable task) {
        long id = wheel.schedule(nowMillis(), delayMillis, task);
        arm(wheel.tickMillis());
        return id;
    }

    @Override
    public void cancel(long id) {
        wheel.cancel(id);
    }

    private void arm(long delay) {
        if (armed) return;
        armed = true;
        vertx.setTimer(delay, id -> {
            armed = false;
            // a full budget: the rest on the next turn (1 ms), so timers and requests queued meanwhile run between
            boolean more = wheel.advance(nowMillis(), budget);
            if (more || !wheel.isEmpty()) arm(more ? 1 : wheel.tickMillis());
        });
    }
}
