package io.mpathvx.api;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSetupTest {
    private static final LoggerContext CTX = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();

    private static LoggingEvent event(Level level, String msg) {
        LoggerContext ctx = CTX;
        LoggingEvent e = new LoggingEvent("x", ctx.getLogger("io.mpathvx.api.Daemon"), level, msg, null, null);
        e.setTimeStamp(0);
        return e;
    }

    @Test
    void journaldLinesCarryTheSyslogPriorityAndNoTime() {
        LogSetup.LineLayout journald = new LogSetup.LineLayout(true);
        assertEquals("<6>Daemon: map mpatha is live\n", journald.doLayout(event(Level.INFO, "map mpatha is live")));
        assertEquals("<4>Daemon: w\n", journald.doLayout(event(Level.WARN, "w")));
        assertEquals("<3>Daemon: e\n", journald.doLayout(event(Level.ERROR, "e")));
        assertEquals("<7>Daemon: d\n", journald.doLayout(event(Level.DEBUG, "d")));
    }

    @Test
    void terminalLinesCarryTimeLevelAndComponent() {
        assertEquals("1970-01-01T00:00:00Z INFO  Daemon: hello\n",
                new LogSetup.LineLayout(false).doLayout(event(Level.INFO, "hello")));
    }

    @Test
    @Timeout(30)
    void aFullQueueDropsAndCountsInsteadOfBlocking() throws Exception {
        LoggerContext ctx = CTX;
        CountDownLatch release = new CountDownLatch(1);
        AppenderBase<ILoggingEvent> stuck = new AppenderBase<>() {
            @Override
            protected void append(ILoggingEvent e) {
                try {
                    release.await(); // the output cannot keep up (a full pipe, a stalled journald)
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        stuck.setContext(ctx);
        stuck.start();
        LogSetup.CountingAsyncAppender async = new LogSetup.CountingAsyncAppender();
        async.setContext(ctx);
        async.setQueueSize(4);
        async.setDiscardingThreshold(0);
        async.setNeverBlock(true);
        async.addAppender(stuck);
        async.start();
        assertTrue(async.isStarted(), "async started");
        long before = LogSetup.dropped();
        for (int i = 0; i < 100; i++) async.doAppend(event(Level.INFO, "line " + i)); // returns: never waits
        long dropped = LogSetup.dropped() - before;
        release.countDown();
        async.stop();
        assertTrue(dropped >= 90 && dropped <= 96, "dropped " + dropped + " of 100 with room for 4 (+1 being written)");
    }
}
