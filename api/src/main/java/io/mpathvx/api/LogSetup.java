package io.mpathvx.api;

import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/** One-line log format on stderr: time, level, component, message (messages name the map or path they concern). */
final class LogSetup {
    private LogSetup() {
    }

    /** verbosity 0 = INFO, 1 = FINE (debug), 2+ = FINEST (trace); -1 = WARNING only. */
    static void configure(int verbosity) {
        Level level = switch (Math.max(-1, Math.min(verbosity, 2))) {
            case -1 -> Level.WARNING;
            case 0 -> Level.INFO;
            case 1 -> Level.FINE;
            default -> Level.FINEST;
        };
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        // A StreamHandler over System.err (ConsoleHandler.setOutputStream would close System.err).
        Handler handler = new StreamHandler(System.err, new LineFormatter()) {
            @Override
            public synchronized void publish(LogRecord r) {
                super.publish(r);
                flush();
            }
        };
        handler.setLevel(level);
        root.addHandler(handler);
        root.setLevel(Level.INFO);
        // Our own components follow the verbosity; libraries (Netty, Vert.x) stay at INFO unless tracing.
        Logger.getLogger("io.mpathvx").setLevel(level);
        if (verbosity >= 2) root.setLevel(Level.FINE);
    }

    private static final class LineFormatter extends Formatter {
        @Override
        public String format(LogRecord r) {
            String name = r.getLoggerName() == null ? "" : r.getLoggerName();
            int dot = name.lastIndexOf('.');
            StringBuilder sb = new StringBuilder(128)
                    .append(Instant.ofEpochMilli(r.getMillis())).append(' ')
                    .append(levelName(r.getLevel())).append(' ')
                    .append(dot >= 0 ? name.substring(dot + 1) : name).append(": ")
                    .append(formatMessage(r)).append('\n');
            if (r.getThrown() != null) {
                sb.append("  ").append(r.getThrown()).append('\n');
                if (r.getLevel().intValue() < Level.INFO.intValue() || r.getThrown() instanceof RuntimeException) {
                    for (StackTraceElement e : r.getThrown().getStackTrace()) sb.append("    at ").append(e).append('\n');
                }
            }
            return sb.toString();
        }

        private static String levelName(Level l) {
            if (l == Level.SEVERE) return "ERROR";
            if (l == Level.WARNING) return "WARN ";
            if (l == Level.INFO) return "INFO ";
            if (l == Level.FINE || l == Level.CONFIG) return "DEBUG";
            return "TRACE";
        }
    }
}
