package io.mpathvx.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The daemon's privilege check is an access check of the control node, not the user's name. */
class DmControlAccessTest {
    @TempDir
    Path dir;

    @Test
    void aMissingControlNodeSaysDeviceMapperIsNotAvailable() {
        String why = DmControlAccess.problem(dir.resolve("control"));
        assertNotNull(why);
        assertTrue(why.contains("does not exist"), why);
    }

    @Test
    void aNodeThatCannotBeOpenedReadWriteIsRefusedWithTheReason() {
        // a directory cannot be opened for writing, not even by root: the one refusal a root test run can see
        String why = DmControlAccess.problem(dir);
        assertNotNull(why);
        assertTrue(why.contains("read-write access to " + dir), why);
    }

    @Test
    void aReadWriteNodeIsEnoughWhateverTheUserIsCalled() throws Exception {
        Path control = Files.createFile(dir.resolve("control"));
        String user = System.getProperty("user.name");
        try {
            System.setProperty("user.name", "nobody");
            assertNull(DmControlAccess.problem(control));
            System.setProperty("user.name", "root");
            assertNull(DmControlAccess.problem(control));
        } finally {
            System.setProperty("user.name", user);
        }
    }
}
