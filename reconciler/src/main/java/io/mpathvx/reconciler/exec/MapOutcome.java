package io.mpathvx.reconciler.exec;

import io.mpathvx.core.kernel.DmException;
import io.mpathvx.reconciler.MapAction;
import io.mpathvx.reconciler.diff.ObservedMap;

import java.util.List;

/**
 * What running one map's actions did, read back from the kernel afterwards (the truth, not what was expected).
 *
 * @param key       the map's key (its WWID)
 * @param actions   the actions asked for
 * @param completed how many of them succeeded, in order
 * @param after     the map as the kernel reports it now; null when it does not exist (removed, or never created)
 * @param readBack  whether {@code after} is known (false when even reading the map back failed)
 * @param error     the first failure, null if all succeeded
 */
public record MapOutcome(String key, List<MapAction> actions, int completed, ObservedMap after, boolean readBack,
                         DmException error) {
    public MapOutcome {
        actions = List.copyOf(actions);
    }

    public boolean ok() {
        return error == null;
    }
}
