package io.mpathvx.checkers;

import jnr.ffi.Pointer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A fake Linux AIO kernel: contexts, requests and completions in memory, signalled through a REAL eventfd so the
 * pool's FdPoller path is exercised. Devices answer at once (good / error) or hang until the test completes them.
 */
final class FakeAio implements AioPort {
    enum Mode { GOOD, EIO, HANG }

    record Submitted(long ctx, long userData, String node, AioBuffer buffer) {
    }

    private final Map<Integer, String> nodes = new HashMap<>();
    private final Map<String, Mode> modes = new HashMap<>();
    private final Map<Long, Deque<long[]>> completed = new HashMap<>();
    private final Map<String, List<Submitted>> hanging = new HashMap<>();
    final Set<Long> contexts = new HashSet<>();
    final Set<Long> destroyed = new HashSet<>();
    final Set<Long> liveBuffers = new HashSet<>();
    final List<Submitted> submits = new ArrayList<>();
    final Set<String> failOpen = new HashSet<>();
    final Set<Integer> openFds = new HashSet<>();
    /** Set: closing a device fd waits for it (a close still running on its worker). */
    volatile java.util.concurrent.CountDownLatch closeGate;
    int cancelResult = -115; // EINPROGRESS: the kernel keeps the request
    int cancels;
    private long nextCtx = 0x7f0000;
    private long nextAddr = 0x10000;
    private int nextFd = 500;
    private int eventFd = -1;
    private final Pointer one = LinuxNative.direct(8);
    private final Pointer counter = LinuxNative.direct(8);

    synchronized void mode(String node, Mode m) {
        modes.put(node, m);
    }

    @Override
    public synchronized long setup(int nrEvents) {
        long ctx = nextCtx++;
        contexts.add(ctx);
        return ctx;
    }

    @Override
    public synchronized void destroy(long ctx) {
        if (!contexts.remove(ctx)) throw new IllegalStateException("destroy of unknown ctx " + ctx);
        destroyed.add(ctx);
    }

    /** Set: eventFd() hands out a regular file's fd, which epoll refuses (EPERM), so the pool's watch fails. */
    String unwatchableFile;

    @Override
    public synchronized int eventFd() {
        eventFd = unwatchableFile == null ? LinuxNative.eventfd()
                : LinuxNative.libc().open(unwatchableFile, LinuxNative.O_RDONLY | LinuxNative.O_CLOEXEC, 0);
        return eventFd;
    }

    @Override
    public long drainEventFd(int fd) {
        long n = LinuxNative.libc().read(fd, counter, 8);
        return n == 8 ? counter.getLong(0) : 0;
    }

    @Override
    public synchronized int openDirect(String devNode) {
        if (failOpen.contains(devNode)) throw new NativeException("open " + devNode, 6);
        int fd = nextFd++;
        nodes.put(fd, devNode);
        openFds.add(fd);
        return fd;
    }

    @Override
    public int blockSize(int fd) {
        return 512;
    }

    @Override
    public void closeFd(int fd) {
        if (fd == eventFd) {
            LinuxNative.libc().close(fd);
            return;
        }
        var gate = closeGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            openFds.remove(fd);
        }
    }

    synchronized int openFdCount() {
        return openFds.size();
    }

    @Override
    public synchronized AioBuffer allocate(int length) {
        long a = nextAddr;
        nextAddr += 8192;
        liveBuffers.add(a);
        return new AioBuffer(a, length);
    }

    @Override
    public synchronized void free(AioBuffer buffer) {
        if (!liveBuffers.remove(buffer.address())) throw new IllegalStateException("double free " + buffer);
    }

    @Override
    public synchronized int submitRead(long ctx, AioBuffer buffer, int fd, long userData, int resfd) {
        if (!contexts.contains(ctx)) return -22;
        if (!liveBuffers.contains(buffer.address())) throw new IllegalStateException("submit of freed buffer");
        String node = nodes.get(fd);
        Submitted s = new Submitted(ctx, userData, node, buffer);
        submits.add(s);
        Mode m = modes.getOrDefault(node, Mode.GOOD);
        switch (m) {
            case GOOD -> finish(s, buffer.length());
            case EIO -> finish(s, -5);
            case HANG -> hanging.computeIfAbsent(node, k -> new ArrayList<>()).add(s);
        }
        return 0;
    }

    @Override
    public synchronized int cancel(long ctx, AioBuffer buffer) {
        cancels++;
        if (cancelResult == 0) {
            for (List<Submitted> l : hanging.values()) l.removeIf(s -> s.buffer().equals(buffer));
        }
        return cancelResult;
    }

    @Override
    public synchronized int getEvents(long ctx, long[] data, long[] res) {
        Deque<long[]> q = completed.get(ctx);
        int n = 0;
        while (q != null && !q.isEmpty() && n < data.length) {
            long[] e = q.poll();
            data[n] = e[0];
            res[n] = e[1];
            n++;
        }
        return n;
    }

    /** The hung device answers every request it holds with {@code res}. */
    synchronized int complete(String node, long res) {
        List<Submitted> l = hanging.remove(node);
        if (l == null) return 0;
        for (Submitted s : l) finish(s, res == Long.MIN_VALUE ? s.buffer().length() : res);
        return l.size();
    }

    synchronized int hangingCount(String node) {
        List<Submitted> l = hanging.get(node);
        return l == null ? 0 : l.size();
    }

    private void finish(Submitted s, long res) {
        completed.computeIfAbsent(s.ctx(), k -> new ArrayDeque<>()).add(new long[]{s.userData(), res});
        one.putLong(0, 1);
        LinuxNative.libc().write(eventFd, one, 8);
    }

    synchronized int submitCount() {
        return submits.size();
    }

    synchronized int liveBufferCount() {
        return liveBuffers.size();
    }

    synchronized int contextCount() {
        return contexts.size();
    }
}
