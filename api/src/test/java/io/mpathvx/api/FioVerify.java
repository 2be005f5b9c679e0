package io.mpathvx.api;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * fio writing random 4 KiB blocks with crc32c checksums to a device and reading each back soon after
 * ({@code --verify_backlog}), for a fixed time: the independent witness that no write was lost or corrupted while
 * paths failed under it. Errors do not stop it ({@code --continue_on_error=all}), so they are counted, not just seen.
 */
final class FioVerify {
    /** What one fio run reports: its exit status, fio's error count, verify failures seen in its output, I/O done. */
    record Result(int exitCode, long errors, long verifyFailures, long writes, long verifiedReads, double seconds, String stderr) {
        boolean clean() {
            return exitCode == 0 && errors == 0 && verifyFailures == 0 && writes > 0 && verifiedReads > 0;
        }

        String summary() {
            return "fio exit %d, errors %d, verify failures %d, %d writes, %d verified reads, %.1f s"
                    .formatted(exitCode, errors, verifyFailures, writes, verifiedReads, seconds);
        }
    }

    private final Process process;
    private final Path json;
    private final Path stderr;
    private final long t0 = System.nanoTime();

    private FioVerify(Process process, Path json, Path stderr) {
        this.process = process;
        this.json = json;
        this.stderr = stderr;
    }

    /** Starts fio on {@code device} for {@code runtime} over its first {@code sizeMb} MiB. */
    static FioVerify start(String device, Duration runtime, int sizeMb, Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Path json = dir.resolve(name + ".json");
        Path err = dir.resolve(name + ".stderr");
        Process p = new ProcessBuilder(List.of("fio", "--name=" + name, "--filename=" + device, "--direct=1",
                "--ioengine=psync", "--rw=randwrite", "--bs=4k", "--size=" + sizeMb + "m", "--verify=crc32c",
                "--verify_backlog=16", "--verify_state_save=0", "--continue_on_error=all", "--time_based", "--runtime=" + runtime.toSeconds(),
                "--output-format=json", "--output=" + json))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile()).start();
        return new FioVerify(p, json, err);
    }

    boolean running() {
        return process.isAlive();
    }

    /** Waits for fio to end (it must, within {@code timeout}: a hang is a failure) and reads its report. */
    Result await(Duration timeout) throws IOException, InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("fio did not end within " + timeout + " (I/O hung?)");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        String err = Files.readString(stderr);
        // fio reports each verify failure on stderr: "verify: bad magic header", "crc32c: verify failed at file ..."
        long verifyFailures = err.lines().filter(l -> l.contains("verify") && (l.contains("bad") || l.contains("fail"))).count();
        long errors = -1;
        long writes = 0;
        long reads = 0;
        String report = Files.exists(json) ? Files.readString(json) : "";
        int start = report.indexOf('{');
        if (start >= 0) {
            JsonObject job = new JsonObject(report.substring(start)).getJsonArray("jobs").getJsonObject(0);
            errors = job.getLong("total_err", 0L) + (job.getInteger("error", 0) != 0 && job.getLong("total_err", 0L) == 0 ? 1 : 0);
            writes = job.getJsonObject("write").getLong("total_ios", 0L);
            reads = job.getJsonObject("read").getLong("total_ios", 0L);
        }
        return new Result(process.exitValue(), errors, verifyFailures, writes, reads, seconds, err);
    }
}
