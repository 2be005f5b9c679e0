package io.mpathvx.core.testkit;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Fails any test during which Vert.x reported a blocked event-loop or worker thread: the loop never blocks, and a
 * blocked-thread warning is a bug. Registered for every module's tests through JUnit's extension autodetection
 * (META-INF/services in event-core's test-jar; enabled in the parent pom's surefire configuration).
 */
public final class BlockedThreadGuard implements BeforeEachCallback, AfterEachCallback {
    /** Vert.x's BlockedThreadChecker.LOGGER_NAME. */
    static final String CHECKER_LOGGER = "io.vertx.core.impl.BlockedThreadChecker";
    private static final Logger LOGGER = Logger.getLogger(CHECKER_LOGGER);
    private static final List<String> WARNINGS = new CopyOnWriteArrayList<>();
    private static final Handler RECORDER = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.WARNING.intValue()) WARNINGS.add(String.valueOf(r.getMessage()));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    static {
        // Vert.x logs through SLF4J when it finds it (the api module ships logback): keep it on java.util.logging in
        // tests, or this recorder would never see a warning. Set before Vert.x creates its first logger.
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.JULLogDelegateFactory");
        LOGGER.addHandler(RECORDER);
    }

    /** Warnings recorded since the current test began. */
    static List<String> warnings() {
        return List.copyOf(WARNINGS);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        WARNINGS.clear();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (!WARNINGS.isEmpty()) {
            String first = WARNINGS.get(0);
            int n = WARNINGS.size();
            WARNINGS.clear();
            throw new AssertionError("Vert.x reported " + n + " blocked thread warning(s) during this test: " + first);
        }
    }
}
