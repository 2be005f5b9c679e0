package io.mpathvx.reconciler;

import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.PathState;
import io.mpathvx.core.model.Wwid;
import io.mpathvx.core.sim.SimulatedKernel;

import java.util.List;

/** The simulated kernel's paths as discovery would report them. */
final class SimPaths {
    private SimPaths() {
    }

    static List<Path> of(SimulatedKernel sim) {
        return sim.paths().stream()
                .map(p -> new Path(p.name(), p.devt(), p.wwid() == null ? null : Wwid.of(p.wwid()), p.sizeSectors(),
                        p.vendor(), p.product(), p.revision(), p.address(), "", PathState.UP))
                .toList();
    }
}
