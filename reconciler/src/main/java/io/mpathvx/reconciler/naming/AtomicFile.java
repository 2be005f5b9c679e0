package io.mpathvx.reconciler.naming;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.WritableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Small state files (bindings, wwids) written so that a reader never sees half a file: temp file in the same
 * directory, fsync, rename over the target, fsync the directory. Writers serialise on a sibling {@code .lock} file
 * (other processes, e.g. multipath(8)) and on an in-process lock (FileLock is per JVM). Blocking: call on a worker.
 */
public final class AtomicFile {
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    private AtomicFile() {
    }

    /** What to do while holding the file's lock: typically re-read, merge, write. */
    @FunctionalInterface
    public interface Locked<T> {
        T run() throws IOException;
    }

    /** Runs {@code body} holding both the in-process and the inter-process lock of {@code target}. */
    public static <T> T withLock(Path target, Locked<T> body) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(abs, p -> new ReentrantLock());
        jvm.lock();
        try {
            Path dir = abs.getParent();
            if (dir != null) Files.createDirectories(dir);
            Path lockPath = abs.resolveSibling(abs.getFileName() + ".lock");
            try (FileChannel ch = FileChannel.open(lockPath, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = ch.lock();
                try {
                    return body.run();
                } finally {
                    lock.release();
                }
            }
        } finally {
            jvm.unlock();
        }
    }

    /** The file's text, or "" when it does not exist. */
    public static String read(Path target) throws IOException {
        return Files.exists(target) ? Files.readString(target) : "";
    }

    /** Replaces the file's content atomically. */
    public static void write(Path target, String content) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                writeFully(ch, ByteBuffer.wrap(content.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Writes all bytes, continuing after partial writes; a write that makes no progress is an error, not a spin. */
    static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.write(buf) <= 0) throw new IOException("write made no progress, " + buf.remaining() + " bytes left");
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // Some file systems refuse fsync on a directory; the rename itself is still atomic.
        }
    }
}
