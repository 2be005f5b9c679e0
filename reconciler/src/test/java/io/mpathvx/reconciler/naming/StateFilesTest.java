package io.mpathvx.reconciler.naming;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.*;

/** Bindings and wwids files: atomic rewrite, re-read under the lock, no alias handed out twice. */
class StateFilesTest {
    @Test
    void concurrentAllocatorsNeverShareAnAlias(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bindings");
        int writers = 4;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int id = w;
                results.add(pool.submit(() -> {
                    // each writer has its own BindingsFile and its own (stale) view, like two processes
                    BindingsFile bf = new BindingsFile(file);
                    List<String> got = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        String wwid = "W" + id + "_" + i;
                        while (true) {
                            Bindings view = bf.load();
                            FriendlyNames.Choice c = FriendlyNames.choose(view, wwid, "", "mpath", false, n -> null);
                            BindingsFile.Allocated a = bf.allocate(c.allocate());
                            if (a.alias() != null) {
                                got.add(a.alias());
                                break;
                            }
                        }
                    }
                    return got;
                }));
            }
            Set<String> all = new HashSet<>();
            for (Future<List<String>> f : results) all.addAll(f.get());
            assertEquals(writers * each, all.size(), "every WWID got its own alias");
            Bindings b = Bindings.parse(Files.readString(file));
            assertEquals(writers * each, b.size());
            assertTrue(Files.readString(file).startsWith(Bindings.HEADER));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void allocateReturnsTheExistingBindingOfAWwid(@TempDir Path dir) throws Exception {
        BindingsFile bf = new BindingsFile(dir.resolve("bindings"));
        assertEquals("mpatha", bf.allocate(new Binding("mpatha", "W1")).alias());
        assertEquals("mpatha", bf.allocate(new Binding("mpathb", "W1")).alias(), "another writer bound W1 first");
        assertNull(bf.allocate(new Binding("mpatha", "W2")).alias(), "alias taken by another WWID");
        assertEquals(1, bf.load().size());
    }

    @Test
    void wwidsFileAddsOnceAndKeepsOthers(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("wwids");
        Files.writeString(f, WwidsFile.HEADER + "/3600a/\n# comment\ngarbage\n");
        WwidsFile w = new WwidsFile(f);
        assertEquals(Set.of("3600a"), w.load());
        assertEquals(Set.of("3600a", "3600b"), w.add(List.of("3600b", "3600a")));
        assertEquals(WwidsFile.HEADER + "/3600a/\n/3600b/\n", Files.readString(f));
        long before = Files.getLastModifiedTime(f).toMillis();
        w.add(List.of("3600a"));
        assertEquals(before, Files.getLastModifiedTime(f).toMillis(), "nothing new: not rewritten");
    }

    @Test
    void atomicWriteLeavesNoTempFiles(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("sub/bindings");
        AtomicFile.write(f, "a");
        AtomicFile.write(f, "b");
        assertEquals("b", Files.readString(f));
        try (var s = Files.list(f.getParent())) {
            assertEquals(List.of("bindings"), s.map(p -> p.getFileName().toString()).toList());
        }
        assertEquals("", AtomicFile.read(dir.resolve("missing")));
    }
}
