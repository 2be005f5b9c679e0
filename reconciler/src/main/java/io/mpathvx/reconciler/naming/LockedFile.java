package io.mpathvx.reconciler.naming;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A state file (bindings, wwids) opened and locked the way multipath(8) and multipathd do it (mirrors
 * libmultipath/file.c open_file() and lock_file()): the data file itself is opened read-write (created 0600), locked
 * with an fcntl write lock over the whole file, waited for at most 30 s (FILE_TIMEOUT), and a new empty file gets its
 * header first. Changes are made in place through the locked descriptor — appends, and single-byte edits for removals
 * — never by renaming a new file over it: a writer waiting for the lock on the old inode (e.g. {@code multipath -a})
 * would otherwise get it after the rename and write into a file nobody reads any more.
 *
 * <p>Java's {@link FileChannel#lock()} is an fcntl lock on Linux, so other processes' fcntl locks exclude it and the
 * other way round. Inside this JVM the lock is per process, and closing <em>any</em> descriptor of the file drops it,
 * so every open of a given file in this JVM goes through one in-process lock as well. Bytes are read and written as
 * ISO-8859-1: any byte a file holds survives and no byte can fail to decode. Blocking: call on a worker.
 */
final class LockedFile {
    /** libmultipath's FILE_TIMEOUT: how long lock_file waits before "is locked. Giving up." */
    static final Duration FILE_TIMEOUT = Duration.ofSeconds(30);
    private static final ConcurrentHashMap<Path, ReentrantLock> JVM_LOCKS = new ConcurrentHashMap<>();

    /** What to do with the locked file: read it, append, edit. */
    @FunctionalInterface
    interface Body<T> {
        T run(Handle file) throws IOException;
    }

    private LockedFile() {
    }

    /**
     * Opens {@code target} (creating it and its directory, then writing {@code header} when it is empty), locks it and
     * runs {@code body}; the lock is released when the body returns.
     *
     * @throws IOException the file cannot be opened, or another process held the lock longer than {@code timeout}
     */
    static <T> T withLock(Path target, String header, Duration timeout, Body<T> body) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(abs, p -> new ReentrantLock());
        jvm.lock();
        try {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
            try (FileChannel ch = FileChannel.open(abs, java.util.Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.CREATE), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))) {
                FileLock lock = lock(ch, abs, timeout);
                try {
                    Handle h = new Handle(ch);
                    if (ch.size() == 0 && !header.isEmpty()) h.append(header);
                    return body.run(h);
                } finally {
                    lock.release();
                }
            }
        } finally {
            jvm.unlock();
        }
    }

    /**
     * The file's text, read under its lock like multipath's readers (open_file locks whenever it may write); "" when
     * it does not exist (nothing is created). A file this process may not write (read-only file system) is read
     * without the lock, as open_file does.
     */
    static String read(Path target, Duration timeout) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (!Files.exists(abs)) return "";
        ReentrantLock jvm = JVM_LOCKS.computeIfAbsent(abs, p -> new ReentrantLock());
        jvm.lock();
        try {
            FileChannel ch;
            try {
                ch = FileChannel.open(abs, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                return "";
            } catch (FileSystemException e) { // read-only file system or no write permission: read unlocked
                return new String(Files.readAllBytes(abs), StandardCharsets.ISO_8859_1);
            }
            try (ch) {
                FileLock lock = lock(ch, abs, timeout);
                try {
                    return new Handle(ch).read();
                } finally {
                    lock.release();
                }
            }
        } finally {
            jvm.unlock();
        }
    }

    /** fcntl(F_SETLKW) over the whole file, given up after {@code timeout} (lock_file's alarm). */
    private static FileLock lock(FileChannel ch, Path file, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = TimeUnit.MILLISECONDS.toNanos(1);
        while (true) {
            FileLock l = ch.tryLock();
            if (l != null) return l;
            if (System.nanoTime() - deadline >= 0) throw new IOException(file + " is locked. Giving up.");
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    /** The locked file's content and in-place changes; valid only inside the body. */
    static final class Handle {
        private final FileChannel ch;

        private Handle(FileChannel ch) {
            this.ch = ch;
        }

        String read() throws IOException {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) throw new IOException("state file too large: " + size + " bytes");
            ByteBuffer buf = ByteBuffer.allocate((int) size);
            while (buf.hasRemaining()) {
                if (ch.read(buf, buf.position()) < 0) break; // truncated meanwhile by a writer that ignores locks
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.ISO_8859_1);
        }

        /** Whether the file is empty or its last byte is a newline (an append then starts a line of its own). */
        boolean endsWithNewline() throws IOException {
            long size = ch.size();
            if (size == 0) return true;
            ByteBuffer last = ByteBuffer.allocate(1);
            return ch.read(last, size - 1) == 1 && last.get(0) == '\n';
        }

        /** Appends at the end; a failed write is cut off again (write_out_wwid's ftruncate) and reported. */
        void append(String text) throws IOException {
            long end = ch.size();
            try {
                ch.position(end);
                writeFully(ch, ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1)));
                ch.force(false);
            } catch (IOException e) {
                try {
                    ch.truncate(end);
                } catch (IOException ignored) {
                    // the write error is the one worth reporting
                }
                throw e;
            }
        }

        /** Overwrites one byte (do_remove_wwid turns a line's leading '/' into '#'). */
        void overwrite(long position, char c) throws IOException {
            writeFully(ch.position(position), ByteBuffer.wrap(new byte[] {(byte) c}));
            ch.force(false);
        }
    }

    /** Writes all bytes, continuing after partial writes; a write that makes no progress is an error, not a spin. */
    static void writeFully(WritableByteChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.write(buf) <= 0) throw new IOException("write made no progress, " + buf.remaining() + " bytes left");
        }
    }
}
