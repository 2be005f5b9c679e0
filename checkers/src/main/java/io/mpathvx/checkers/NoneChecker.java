package io.mpathvx.checkers;

import io.mpathvx.core.model.CheckResult;
import io.mpathvx.core.model.PathState;
import io.vertx.core.Future;

/** The {@code none} checker: every path is always up (multipathd's "none"). */
final class NoneChecker implements PathChecker {
    static final String NAME = "none";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Future<CheckResult> check(CheckTarget target) {
        return Future.succeededFuture(new CheckResult(target.path(), target.devt(), PathState.UP,
                "none checker reports path is up"));
    }

    @Override
    public void forget(String path) {
    }
}
