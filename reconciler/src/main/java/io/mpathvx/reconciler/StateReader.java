package io.mpathvx.reconciler;

import io.mpathvx.core.kernel.DmControl;
import io.mpathvx.core.kernel.DmException;
import io.mpathvx.reconciler.diff.ObservedMap;
import io.mpathvx.reconciler.exec.MapReader;
import io.mpathvx.reconciler.naming.Bindings;
import io.mpathvx.reconciler.naming.BindingsFile;
import io.mpathvx.reconciler.naming.WwidsFile;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Reads where the reconciler stands, on workers: its state files (bindings, wwids, release marks) and the kernel's
 * maps (list + info/table/status). The answers are immutable; the caller applies them on the loop.
 */
final class StateReader {
    /** What start-up reads: the state files, then every kernel map. */
    record Init(Bindings bindings, Set<String> wwids, Set<String> released, List<ObservedMap> maps) {
    }

    private final DmControl dm;
    private final Executor workers;
    private final EngineThreads threads;
    private final BindingsFile bindingsFile; // null: none
    private final WwidsFile wwidsFile; // null: none
    private final ReleasedLuns released;

    StateReader(DmControl dm, Executor workers, EngineThreads threads, BindingsFile bindingsFile, WwidsFile wwidsFile,
                ReleasedLuns released) {
        this.dm = dm;
        this.workers = workers;
        this.threads = threads;
        this.bindingsFile = bindingsFile;
        this.wwidsFile = wwidsFile;
        this.released = released;
    }

    /** State files (worker), then all kernel maps. */
    CompletableFuture<Init> filesAndKernel() {
        return threads.blocking(() -> new Init(bindingsFile == null ? Bindings.empty() : bindingsFile.load(),
                        wwidsFile == null ? Set.of() : wwidsFile.load(), released.read(), List.of()))
                .thenCompose(files -> kernel().thenApply(maps -> new Init(files.bindings(), files.wwids(),
                        files.released(), maps)));
    }

    /** Every kernel map. */
    CompletableFuture<List<ObservedMap>> kernel() {
        return threads.blocking(dm::listDevices).thenCompose(all -> MapReader.readAll(dm, all, workers));
    }

    /** One kernel map, null when it is gone (blocking: call on a worker). */
    ObservedMap map(String name) throws DmException {
        return MapReader.read(dm, name);
    }
}
