package io.mpathvx.core.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit extension for guest tests that build a scsi_debug SAN: skips the class outside the guest and unloads
 * scsi_debug after each test. {@code @AfterEach} methods of the test run first, so close what holds the disks there.
 */
public final class ScsiDebugSan implements BeforeAllCallback, AfterEachCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        GuestKernel.assumeGuest();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        awaitUnloaded();
    }

    /**
     * Unloads scsi_debug, retrying for up to a minute: fds on its disks are often closed on worker threads,
     * after the code that closed them has returned, and rmmod only succeeds once the last one is gone.
     */
    public static void awaitUnloaded() {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().untilAsserted(GuestKernel::unloadScsiDebug);
    }
}
