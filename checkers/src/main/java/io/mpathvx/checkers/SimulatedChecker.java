package io.mpathvx.checkers;

import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.PathState;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * A checker whose answers come from a simulated kernel (for {@code --sim} and the state-machine tests). A path can be
 * made to hang: its checks then get no answer from the "device" and end as TIMEOUT after the target's timeout, like a
 * real hung device, while other paths keep being answered. Use on the loop.
 */
public final class SimulatedChecker implements PathChecker {
    private final String name;
    private final CheckTimer timer;
    private final Function<String, PathState> stateOf;
    private final Set<String> hung = new HashSet<>();
    private final Map<String, List<Waiting>> waiting = new HashMap<>();

    /**
     * @param name    the checker name to report (e.g. the configured one, "tur")
     * @param stateOf the simulated kernel's verdict for a path name (e.g. running → UP, offline → DOWN); null or an
     *                exception means the device is gone (DOWN)
     */
    public SimulatedChecker(String name, CheckTimer timer, Function<String, PathState> stateOf) {
        this.name = Objects.requireNonNull(name, "name");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.stateOf = Objects.requireNonNull(stateOf, "stateOf");
    }

    @Override
    public String name() {
        return name;
    }

    /** From now on, checks of this path hang (the device does not answer). */
    public void hang(String path) {
        hung.add(path);
    }

    /** The device answers again; checks still waiting get the current state. */
    public void release(String path) {
        hung.remove(path);
        List<Waiting> ws = waiting.remove(path);
        if (ws != null) for (Waiting w : ws) w.answer(verdict(w.target));
    }

    @Override
    public Future<CheckResult> check(CheckTarget target) {
        Promise<CheckResult> promise = Promise.promise();
        Waiting w = new Waiting(target, promise);
        if (hung.contains(target.path())) {
            waiting.computeIfAbsent(target.path(), k -> new ArrayList<>()).add(w);
            w.timerId = timer.schedule(target.timeout().toMillis(), () -> {
                List<Waiting> ws = waiting.get(target.path());
                if (ws != null) ws.remove(w);
                w.answer(new CheckResult(target.path(), target.devt(), PathState.TIMEOUT,
                        name + " checker timed out"));
            });
        } else {
            // Answer on a later loop turn, like a real device, never from inside check().
            timer.schedule(0, () -> w.answer(verdict(target)));
        }
        return promise.future();
    }

    private CheckResult verdict(CheckTarget t) {
        PathState s;
        try {
            s = stateOf.apply(t.path());
        } catch (RuntimeException e) {
            s = null;
        }
        if (s == null) return new CheckResult(t.path(), t.devt(), PathState.DOWN, name + " checker: no such device");
        return new CheckResult(t.path(), t.devt(), s, name + " checker reports path is " + s.name().toLowerCase());
    }

    @Override
    public void forget(String path) {
        List<Waiting> ws = waiting.remove(path);
        if (ws != null) {
            for (Waiting w : ws) {
                w.answer(new CheckResult(path, w.target.devt(), PathState.REMOVED, name + " checker: path removed"));
            }
        }
    }

    private final class Waiting {
        final CheckTarget target;
        final Promise<CheckResult> promise;
        long timerId = -1;

        Waiting(CheckTarget target, Promise<CheckResult> promise) {
            this.target = target;
            this.promise = promise;
        }

        void answer(CheckResult r) {
            if (timerId >= 0) timer.cancel(timerId);
            promise.tryComplete(r);
        }
    }
}
