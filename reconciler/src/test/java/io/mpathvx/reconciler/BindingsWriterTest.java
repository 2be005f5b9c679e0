package io.mpathvx.reconciler;

import io.mpathvx.core.model.Wwid;
import io.mpathvx.reconciler.naming.Binding;
import io.mpathvx.reconciler.naming.Bindings;
import io.mpathvx.reconciler.naming.BindingsFile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class BindingsWriterTest {
    private final ManualExecutor workers = new ManualExecutor();
    private final List<List<Binding>> writes = new ArrayList<>();
    /** What another writer (multipath -a) put in the file meanwhile: alias to WWID. */
    private final Map<String, String> others = new HashMap<>();
    private boolean fail;
    private final Map<String, Boolean> outcomes = new LinkedHashMap<>();
    private final BindingsWriter writer = new BindingsWriter(this::allocate, "/etc/multipath/bindings",
            new EngineThreads(Runnable::run, workers), () -> { });

    private BindingsFile.Batch allocate(List<Binding> wanted) throws IOException {
        if (fail) throw new IOException("read-only file system");
        writes.add(List.copyOf(wanted));
        Bindings b = Bindings.empty();
        for (var e : others.entrySet()) b = b.with(e.getKey(), e.getValue());
        Map<String, String> aliasOf = new HashMap<>();
        for (Binding w : wanted) {
            if (b.wwidFor(w.alias()) != null) {
                aliasOf.put(w.wwid(), null);
            } else {
                b = b.with(w.alias(), w.wwid());
                aliasOf.put(w.wwid(), w.alias());
            }
        }
        return new BindingsFile.Batch(b, aliasOf);
    }

    private static BindingsWriter.PendingAlias pending(String alias, String wwid) {
        return new BindingsWriter.PendingAlias(Wwid.of(wwid), new Binding(alias, wwid), List.of());
    }

    private void flush() {
        writer.flush((a, ok) -> outcomes.put(a.binding().alias(), ok));
    }

    @Test
    void theAliasesOfAPassCostOneWriteAndThoseQueuedMeanwhileTheNext() {
        writer.add(pending("mpatha", "3600a"));
        writer.add(pending("mpathb", "3600b"));
        flush();
        writer.add(pending("mpathc", "3600c"));
        flush(); // a write runs: waits for it
        assertEquals(1, workers.pending());
        workers.runAll();
        assertEquals(2, writes.size());
        assertEquals(List.of("mpatha", "mpathb"), writes.get(0).stream().map(Binding::alias).toList());
        assertEquals(Map.of("mpatha", true, "mpathb", true, "mpathc", true), outcomes);
        assertEquals("3600c", writer.bindings().wwidFor("mpathc"));
        assertFalse(writer.busy());
    }

    @Test
    void anAliasAnotherWriterTookMeansThatMapIsPlannedAgain() {
        others.put("mpatha", "3600f");
        writer.add(pending("mpatha", "3600a"));
        flush();
        workers.runAll();
        assertEquals(Map.of("mpatha", false), outcomes);
        assertEquals("3600f", writer.bindings().wwidFor("mpatha"), "the file's bindings win");
    }

    @Test
    void anUnwritableFileNamesMapsByWwidUntilRetried() {
        fail = true;
        writer.bindings(Bindings.empty().with("mpatha", "3600a"));
        writer.add(pending("mpatha", "3600a"));
        flush();
        workers.runAll();
        assertEquals(Map.of("mpatha", false), outcomes);
        assertTrue(writer.unwritable());
        assertNull(writer.bindings().wwidFor("mpatha"), "the planned alias is taken back");
        writer.retry();
        assertFalse(writer.unwritable());
    }
}
