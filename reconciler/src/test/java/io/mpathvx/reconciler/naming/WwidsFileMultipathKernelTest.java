package io.mpathvx.reconciler.naming;

import io.mpathvx.core.testkit.GuestKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mpathvx's wwids writer and Debian's multipath(8) ({@code multipath -a} / {@code -w}, package multipath-tools,
 * installed on the host root the guest runs) change {@code /etc/multipath/wwids} at the same time, 1,000 operations
 * each: no entry is lost and none comes back. multipath(8) locks the data file with fcntl and edits it in place
 * (libmultipath/wwids.c); so must we. In the guest /etc is the host's, read-only: a tmpfs goes over /etc/multipath.
 */
@Tag("real-kernel")
@Tag("benchmark") // long (hundreds of multipath(8) starts under TCG): on request, it/vm/run-tier.sh --benchmark
class WwidsFileMultipathKernelTest {
    private static final Path DIR = Path.of("/etc/multipath");
    private static final Path WWIDS = DIR.resolve("wwids");
    /** Adds per side; every even one is removed again: 600 locked edits of the file per side, 1,200 in all. */
    private static final int EACH = 400;

    @BeforeAll
    static void privateEtcMultipath() {
        GuestKernel.assumeGuest();
        assertTrue(Files.isExecutable(Path.of("/usr/sbin/multipath")) || Files.isExecutable(Path.of("/sbin/multipath")),
                "multipath-tools must be installed on the host (apt-get install multipath-tools)");
        assertTrue(Files.isDirectory(DIR), "/etc/multipath must exist on the host for the guest's tmpfs");
        GuestKernel.sh("mount -t tmpfs -o mode=0700 mpathvx-wwids " + DIR).orThrow("mount tmpfs on /etc/multipath");
    }

    @AfterAll
    static void unmount() {
        if (GuestKernel.inGuest()) GuestKernel.sh("umount " + DIR);
    }

    private static String ours(int i) {
        return String.format("36001405%025d", i);
    }

    private static String theirs(int i) {
        return String.format("36005076%025d", i);
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.MINUTES) // 600 multipath(8) process starts under QEMU TCG
    void multipathAndMpathvxAddAndRemoveConcurrentlyAndLoseNothing() throws Exception {
        // multipath(8): EACH adds, then every even one removed again; mpathvx the same on its own WWIDs, meanwhile
        // two multipath(8) loops side by side, so three writers contend for the lock: one adds the numbers 1 and 2
        // mod 4 and removes the 2s again, the other the 3s and 0s and removes the 0s (each removes only its own)
        List<Process> loops = new ArrayList<>();
        for (int start = 1; start <= 3; start += 2) {
            String add = "for i in $(seq " + start + " 4 " + EACH + ") $(seq " + (start + 1) + " 4 " + EACH
                    + "); do multipath -a $(printf '36005076%025d' $i) >/dev/null; done\n";
            String remove = "for i in $(seq " + (start + 1) + " 4 " + EACH
                    + "); do multipath -w $(printf '36005076%025d' $i) >/dev/null; done\n";
            String script = "set -e\n" + add + remove;
            Path scriptFile = Files.createTempFile("wwids-interop", ".sh");
            Files.writeString(scriptFile, script);
            loops.add(new ProcessBuilder("/bin/sh", scriptFile.toString()).redirectErrorStream(true)
                    .redirectOutput(Files.createTempFile("wwids-interop", ".out").toFile()).start());
        }
        long t0 = System.nanoTime();

        WwidsFile file = new WwidsFile(WWIDS);
        CompletableFuture<Integer> mine = CompletableFuture.supplyAsync(() -> {
            int ops = 0;
            try {
                for (int i = 1; i <= EACH; i++) {
                    file.add(List.of(ours(i)));
                    ops++;
                }
                for (int i = 2; i <= EACH; i += 2) {
                    assertTrue(file.remove(ours(i)), ours(i));
                    ops++;
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return ops;
        });
        int myOps = mine.get(20, TimeUnit.MINUTES);
        for (Process mp : loops) {
            assertTrue(mp.waitFor(20, TimeUnit.MINUTES), "multipath loop did not finish");
            assertEquals(0, mp.exitValue(), "a multipath -a/-w run failed");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        Set<String> want = new HashSet<>();
        for (int i = 1; i <= EACH; i += 2) {
            want.add(ours(i));
            want.add(theirs(i));
        }
        assertEquals(want, file.load(), "our reading of the file");
        // multipath(8)'s own reading: every odd one is still known to it, every even one is not
        for (int i : new int[] {1, 2, EACH - 1, EACH}) {
            String w = theirs(i);
            var r = GuestKernel.run(Duration.ofSeconds(60), List.of("sh", "-c",
                    "grep -c '^/" + w + "/$' " + WWIDS + " || true"));
            assertEquals(i % 2 == 1 ? "1" : "0", r.output().strip(), w);
        }
        System.out.printf("wwids interop: %d multipath(8) runs in two loops and %d mpathvx edits of one file in %.0f s,"
                + " %d entries kept%n", EACH + EACH / 2, myOps, seconds, want.size());
    }
}
