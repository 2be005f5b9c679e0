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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.io.IOException;
import java.time.Duration;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

/** Bindings and wwids files: fcntl lock on the data file shared with other processes, in-place changes, re-read under the lock, no alias handed out twice. */
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
        assertEquals(WwidsFile.HEADER + "/3600a/\n# comment\ngarbage\n/3600b/\n", Files.readString(f));
        long before = Files.size(f);
        w.add(List.of("3600a"));
        assertEquals(before, Files.size(f), "nothing new: nothing written");
    }

    @Test
    void aWriterWaitsForAnotherProcesssFcntlLockOnTheDataFileAndLosesNoLine(@TempDir Path dir) throws Exception {
        // multipath -a holds the lock on the wwids file itself and appends through its descriptor: a writer that
        // locked a side file and renamed a new file over the old one would drop that append (the old inode).
        Path f = dir.resolve("wwids");
        WwidsFile w = new WwidsFile(f);
        w.add(List.of("3600a"));
        try (Holder other = Holder.lock(f, "/3600other/")) {
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                AtomicReference<Thread> worker = new AtomicReference<>();
                Future<Set<String>> ours = pool.submit(() -> {
                    worker.set(Thread.currentThread());
                    return w.add(List.of("3600b"));
                });
                // let the other process append only once our writer is done or waiting for the lock
                await().atMost(Duration.ofSeconds(30)).until(() -> ours.isDone() || waiting(worker.get()));
                other.release();
                ours.get(30, TimeUnit.SECONDS);
            } finally {
                pool.shutdownNow();
            }
        }
        assertEquals(Set.of("3600a", "3600b", "3600other"), w.load(), Files.readString(f));
        assertTrue(Files.readString(f).startsWith(WwidsFile.HEADER));
    }

    @Test
    void aLockHeldTooLongIsGivenUpWithoutTouchingTheFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bindings");
        new BindingsFile(f).allocate(new Binding("mpatha", "W1"));
        String before = Files.readString(f);
        try (Holder other = Holder.lock(f, "mpathz WZ")) {
            IOException e = assertThrows(IOException.class,
                    () -> new BindingsFile(f, Duration.ofMillis(200)).allocate(new Binding("mpathb", "W2")));
            assertTrue(e.getMessage().endsWith("is locked. Giving up."), e.getMessage());
            assertEquals(before, Files.readString(f));
            other.release();
        }
        assertEquals(Set.of("mpatha", "mpathz"), Set.copyOf(new BindingsFile(f).load().list().stream().map(Binding::alias).toList()));
    }

    @Test
    void removeCommentsTheLineOutInPlaceAsMultipathWDoes(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("wwids");
        Files.writeString(f, WwidsFile.HEADER + "/3600a/\n/3600ab/\n/3600a/\n");
        WwidsFile w = new WwidsFile(f);
        assertTrue(w.remove("3600a"));
        assertEquals(WwidsFile.HEADER + "#3600a/\n/3600ab/\n#3600a/\n", Files.readString(f));
        assertFalse(w.remove("3600a"));
        assertEquals(Set.of("3600ab"), w.load());
        assertEquals(Set.of("3600ab", "3600c"), w.add(List.of("3600c")));
    }

    @Test
    void aLastLineWithoutNewlineAndNonUtf8BytesSurvive(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bindings");
        byte[] start = (Bindings.HEADER + "# caf\u00e9 latin-1\nmpatha W1").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(f, start);
        BindingsFile b = new BindingsFile(f);
        assertEquals("W1", b.load().wwidFor("mpatha"));
        assertEquals("mpathb", b.allocate(new Binding("mpathb", "W2")).alias());
        byte[] after = Files.readAllBytes(f);
        assertArrayEquals(start, java.util.Arrays.copyOf(after, start.length));
        assertEquals("W1", b.load().wwidFor("mpatha"));
        assertEquals("W2", b.load().wwidFor("mpathb"));
    }

    @Test
    void aMissingFileReadsEmptyAndIsNotCreated(@TempDir Path dir) throws Exception {
        assertEquals(Set.of(), new WwidsFile(dir.resolve("sub/wwids")).load());
        assertEquals(0, new BindingsFile(dir.resolve("sub/bindings")).load().size());
        assertFalse(Files.exists(dir.resolve("sub")));
    }

    private static boolean waiting(Thread t) {
        return t != null && (t.getState() == Thread.State.TIMED_WAITING || t.getState() == Thread.State.WAITING);
    }

    /** A child JVM holding the fcntl lock of a file ({@link FcntlLockHolder}); release() lets it append and exit. */
    private static final class Holder implements AutoCloseable {
        private final Process process;
        private boolean released;

        private Holder(Process process) {
            this.process = process;
        }

        static Holder lock(Path file, String line) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    FcntlLockHolder.class.getName(), file.toString(), line).redirectErrorStream(true).start();
            String first = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream())).readLine();
            if (!"locked".equals(first)) {
                p.destroyForcibly();
                throw new IOException("lock holder did not start: " + first);
            }
            return new Holder(p);
        }

        void release() throws Exception {
            if (released) return;
            released = true;
            process.getOutputStream().write('\n');
            process.getOutputStream().flush();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "lock holder did not exit");
            assertEquals(0, process.exitValue());
        }

        @Override
        public void close() {
            if (!released) process.destroyForcibly();
        }
    }
}
