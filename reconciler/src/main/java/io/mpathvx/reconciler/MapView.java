package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.desired.DesiredMap;
import io.mpathvx.reconciler.diff.ObservedMap;

/**
 * One WWID as the API shows it: what mpathvx wants, what the kernel has, and how the last attempt went.
 *
 * @param desired   the wanted map, null when the WWID should have none
 * @param observed  the kernel's map, null when it has none
 * @param busy      actions for it are running now
 * @param attempts  consecutive failed attempts (0 when the last one succeeded)
 * @param lastError the last failure's message, null if none
 * @param note      why there is no desired map, or ""
 */
public record MapView(Wwid wwid, DesiredMap desired, ObservedMap observed, boolean busy, int attempts,
                      String lastError, String note) {
    /** The map's dm name: the kernel's if it has one, else the wanted one. */
    public String name() {
        return observed != null ? observed.name() : desired != null ? desired.name() : wwid.value();
    }

    /** Desired and observed agree and nothing is pending. */
    public boolean converged() {
        return !busy && lastError == null;
    }
}
