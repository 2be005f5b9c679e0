package io.mpathvx.api;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Logging that never blocks the event loop: the code logs through java.util.logging, bridged to logback, whose
 * {@link AsyncAppender} hands each line to its own thread through a bounded queue; when the queue is full a line is
 * dropped and counted, never waited for. One line per message on stderr: time, level, component, message — or,
 * under systemd (JOURNAL_STREAM set), journald's {@code <priority>} prefix and no time (journald stamps lines itself).
 */
final class LogSetup {
    static final int QUEUE = 8192;
    private static final AtomicLong DROPPED = new AtomicLong();

    private LogSetup() {
    }

    /** verbosity 0 = INFO, 1 = DEBUG, 2+ = TRACE; -1 = WARN only. */
    static void configure(int verbosity) {
        Level level = switch (Math.max(-1, Math.min(verbosity, 2))) {
            case -1 -> Level.WARN;
            case 0 -> Level.INFO;
            case 1 -> Level.DEBUG;
            default -> Level.TRACE;
        };
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        LevelChangePropagator jul = new LevelChangePropagator(); // JUL's isLoggable follows logback's levels
        jul.setContext(ctx);
        jul.setResetJUL(true);
        jul.start();
        ctx.addListener(jul);

        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        LineLayout layout = new LineLayout(System.getenv("JOURNAL_STREAM") != null);
        layout.setContext(ctx);
        layout.start();
        encoder.setLayout(layout);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();

        AsyncAppender async = new CountingAsyncAppender();
        async.setContext(ctx);
        async.setQueueSize(QUEUE);
        async.setDiscardingThreshold(0); // drop only when full, whatever the level, and count it
        async.setNeverBlock(true);
        async.setMaxFlushTime(2000);
        async.addAppender(console);
        async.start();

        Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(async);
        // Our components follow the verbosity; libraries (Netty, Vert.x) stay at INFO unless tracing.
        root.setLevel(verbosity >= 2 ? Level.DEBUG : Level.INFO);
        ctx.getLogger("io.mpathvx").setLevel(level);

        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
    }

    /** Lines dropped because the queue was full. */
    static long dropped() {
        return DROPPED.get();
    }

    /** Writes out what is queued (waits up to two seconds): call last before the process exits. */
    static void flush() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
    }

    /** Counts the lines a full queue refuses (neverBlock drops them silently otherwise). */
    static final class CountingAsyncAppender extends AsyncAppender {
        @Override
        protected void append(ILoggingEvent e) {
            if (isStarted() && getRemainingCapacity() == 0) {
                DROPPED.incrementAndGet();
                return;
            }
            super.append(e);
        }
    }

    /** {@code 2026-12-02T05:00:00.000Z INFO  Daemon: message}, or {@code <6>Daemon: message} for journald. */
    static final class LineLayout extends LayoutBase<ILoggingEvent> {
        private final boolean journald;

        LineLayout(boolean journald) {
            this.journald = journald;
        }

        @Override
        public String doLayout(ILoggingEvent e) {
            String name = e.getLoggerName() == null ? "" : e.getLoggerName();
            StringBuilder sb = new StringBuilder(128);
            if (journald) {
                sb.append('<').append(syslogPriority(e.getLevel())).append('>');
            } else {
                sb.append(Instant.ofEpochMilli(e.getTimeStamp())).append(' ').append(levelName(e.getLevel())).append(' ');
            }
            sb.append(name.substring(name.lastIndexOf('.') + 1)).append(": ").append(e.getFormattedMessage()).append('\n');
            IThrowableProxy t = e.getThrowableProxy();
            if (t != null) {
                sb.append("  ").append(t.getClassName()).append(": ").append(t.getMessage()).append('\n');
                // stack traces for bugs (runtime exceptions) and at debug level, not for expected failures
                Throwable thrown = t instanceof ThrowableProxy tp ? tp.getThrowable() : null;
                if (e.getLevel().toInt() < Level.INFO_INT || thrown instanceof RuntimeException || thrown instanceof Error) {
                    for (StackTraceElementProxy f : t.getStackTraceElementProxyArray()) {
                        sb.append("    ").append(f.getSTEAsString()).append('\n');
                    }
                }
            }
            return sb.toString();
        }

        /** sd-daemon(3): 3 error, 4 warning, 6 info, 7 debug. */
        static int syslogPriority(Level l) {
            if (l.toInt() >= Level.ERROR_INT) return 3;
            if (l.toInt() >= Level.WARN_INT) return 4;
            if (l.toInt() >= Level.INFO_INT) return 6;
            return 7;
        }

        private static String levelName(Level l) {
            if (l == Level.WARN) return "WARN ";
            if (l == Level.INFO) return "INFO ";
            return l.toString();
        }
    }
}
