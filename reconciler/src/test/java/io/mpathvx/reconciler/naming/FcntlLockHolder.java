package io.mpathvx.reconciler.naming;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Another process holding multipath(8)'s lock: run in a child JVM, it opens the data file, takes an fcntl write lock
 * over all of it (what libmultipath's lock_file does), says "locked", waits for a line on stdin, appends
 * {@code args[1]} as a line through its descriptor (as write_out_wwid does), releases and exits.
 */
public final class FcntlLockHolder {
    public static void main(String[] args) throws Exception {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.READ, StandardOpenOption.WRITE,
                StandardOpenOption.CREATE)) {
            FileLock lock = ch.lock();
            System.out.println("locked");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            ch.write(ByteBuffer.wrap((args[1] + "\n").getBytes(StandardCharsets.ISO_8859_1)), ch.size());
            ch.force(false);
            lock.release();
        }
    }
}
