package io.mpathvx.reconciler;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class WwidsWriterTest {
    private final ManualExecutor workers = new ManualExecutor();
    private final List<List<String>> writes = new ArrayList<>();
    private boolean failNext;
    private int settled;
    private final WwidsWriter writer = new WwidsWriter(wwids -> {
        if (failNext) {
            failNext = false;
            throw new IOException("read-only file system");
        }
        writes.add(List.copyOf(wwids));
    }, new EngineThreads(Runnable::run, workers), () -> settled++);

    @Test
    void wwidsRememberedDuringAWriteGoIntoOneNextWrite() {
        writer.remember("a");
        assertTrue(writer.busy());
        writer.remember("b");
        writer.remember("c");
        writer.remember("a");
        workers.runAll();
        assertEquals(List.of(List.of("a"), List.of("b", "c")), writes);
        assertFalse(writer.busy());
        assertEquals(2, settled);
    }

    @Test
    void wwidsInTheFileAtStartAreNotWrittenAgain() {
        writer.loaded(Set.of("a"));
        assertTrue(writer.knows("a"));
        writer.remember("a");
        assertFalse(writer.busy());
        assertEquals(0, workers.pending());
    }

    @Test
    void aFailedWriteKeepsItsWwidsForTheNext() {
        failNext = true;
        writer.remember("a");
        workers.runAll();
        assertEquals(List.of(), writes);
        assertFalse(writer.busy(), "no retry loop of its own");
        writer.remember("b");
        workers.runAll();
        assertEquals(List.of(List.of("a", "b")), writes);
    }

    @Test
    void withoutAFileWwidsAreKnownInMemoryOnly() {
        WwidsWriter memory = new WwidsWriter(null, new EngineThreads(Runnable::run, workers), () -> { });
        memory.remember("a");
        assertTrue(memory.knows("a"));
        assertEquals(0, workers.pending());
    }
}
