package io.mpathvx.api;

import io.mpathvx.core.config.ConfigLoader;
import io.mpathvx.core.config.NoPathRetry;
import io.mpathvx.core.model.DevT;
import io.mpathvx.core.model.Path;
import io.mpathvx.core.model.Wwid;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DaemonSettingsTest {
    private static final Wwid WWID = Wwid.of("36001405aaaaaaaaaaaaaaaaaaaaaaaa1");
    private static final Path PATH = new Path("sda", new DevT(8, 0), WWID, 2048, "ACME", "disk", "1", null, "", null);

    private static DaemonSettings settings(String text) throws Exception {
        return new DaemonSettings(ConfigLoader.parse(text, "t.conf").config());
    }

    @Test
    void unsetNoPathRetryFollowsTheTableFeaturesForGood() throws Exception {
        DaemonSettings s = settings("defaults {\n polling_interval 3\n}\n");
        var queueing = s.stateMachinePolicy(WWID, PATH, List.of("queue_if_no_path"));
        assertEquals(NoPathRetry.QUEUE, queueing.noPathRetry());
        assertTrue(queueing.queueIfNoPath());
        var failing = s.stateMachinePolicy(WWID, PATH, List.of());
        assertEquals(NoPathRetry.FAIL, failing.noPathRetry());
        assertFalse(failing.queueIfNoPath());
        assertEquals(Duration.ofSeconds(3), failing.pollingInterval());
    }

    @Test
    void configuredNoPathRetryAndCheckerApply() throws Exception {
        DaemonSettings s = settings("defaults {\n no_path_retry 4\n path_checker directio\n checker_timeout 7\n}\n");
        assertEquals(NoPathRetry.retries(4), s.stateMachinePolicy(WWID, PATH, List.of("queue_if_no_path")).noPathRetry());
        assertEquals("directio", s.checker(PATH));
        assertEquals(Duration.ofSeconds(7), s.checkerTimeout(PATH));
    }

    @Test
    void checkerTimeoutFromTheDevicesSysfsTimeoutWhenUnset() throws Exception {
        // select_checker_timeout(): configured > the device's sysfs timeout > 30 s
        DaemonSettings unset = settings("");
        assertEquals(Duration.ofSeconds(45), unset.checkerTimeout(PATH, java.util.OptionalInt.of(45)));
        assertEquals(Duration.ofSeconds(30), unset.checkerTimeout(PATH, java.util.OptionalInt.empty()));
        assertEquals(Duration.ofSeconds(7), settings("defaults {\n checker_timeout 7\n}\n")
                .checkerTimeout(PATH, java.util.OptionalInt.of(45)));
    }
}
