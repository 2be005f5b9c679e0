package io.mpathvx.checkers;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory SCSI device set: scripted outcomes per device node, and devices that hang until released. */
final class FakeSg implements SgPort {
    private final Map<Integer, String> nodes = new ConcurrentHashMap<>();
    private final Map<String, Queue<SgOutcome>> scripts = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> hangs = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    final Map<String, Integer> lastBlockSize = new ConcurrentHashMap<>();
    final Queue<Integer> closed = new ConcurrentLinkedQueue<>();
    final AtomicInteger inKernel = new AtomicInteger();
    private final AtomicInteger nextFd = new AtomicInteger(100);
    volatile String failOpen;
    /** Set: closing an fd waits for it (a close still running on its worker). */
    volatile CountDownLatch closeGate;

    private final Map<String, SgAnswer> pages = new ConcurrentHashMap<>();

    /** The device's answer to INQUIRY for a VPD page (an unscripted page is ILLEGAL REQUEST, as real devices say). */
    void page(String node, int page, SgAnswer answer) {
        pages.put(node + "#" + page, answer);
    }

    /** Answers for the device, in order; after the last, it repeats the last. */
    void script(String node, SgOutcome... outcomes) {
        scripts.put(node, new ConcurrentLinkedQueue<>(java.util.List.of(outcomes)));
    }

    void hang(String node) {
        hangs.put(node, new CountDownLatch(1));
    }

    void release(String node) {
        CountDownLatch l = hangs.remove(node);
        if (l != null) l.countDown();
    }

    int calls(String node) {
        AtomicInteger c = calls.get(node);
        return c == null ? 0 : c.get();
    }

    @Override
    public int open(String devNode) {
        if (devNode.equals(failOpen)) throw new NativeException("open " + devNode, 6);
        int fd = nextFd.incrementAndGet();
        nodes.put(fd, devNode);
        return fd;
    }

    @Override
    public int blockSize(int fd) {
        return 4096;
    }

    @Override
    public void close(int fd) {
        CountDownLatch gate = closeGate;
        if (gate != null) {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closed.add(fd);
    }

    private SgOutcome answer(int fd) {
        String node = nodes.get(fd);
        calls.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
        CountDownLatch hang = hangs.get(node);
        if (hang != null) {
            inKernel.incrementAndGet();
            try {
                if (!hang.await(60, TimeUnit.SECONDS)) throw new IllegalStateException("test never released " + node);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                inKernel.decrementAndGet();
            }
        }
        Queue<SgOutcome> q = scripts.get(node);
        if (q == null) return SgOutcome.good();
        SgOutcome o = q.size() > 1 ? q.poll() : q.peek();
        return o == null ? SgOutcome.good() : o;
    }

    @Override
    public SgOutcome testUnitReady(int fd, int timeoutMillis) {
        return answer(fd);
    }

    @Override
    public SgOutcome readSector0(int fd, int blockSize, int timeoutMillis) {
        lastBlockSize.put(nodes.get(fd), blockSize);
        return answer(fd);
    }

    @Override
    public SgAnswer inquiry(int fd, boolean evpd, int page, int length, int timeoutMillis) {
        String node = nodes.get(fd);
        calls.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
        SgAnswer a = pages.get(node + "#" + (evpd ? page : -1));
        return a != null ? a : new SgAnswer(SgOutcome.checkCondition(5, 0x24, 0), null);
    }
}
