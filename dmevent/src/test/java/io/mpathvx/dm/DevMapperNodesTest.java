package io.mpathvx.dm;

import io.mpathvx.core.kernel.DmDevice;
import io.mpathvx.core.model.DevT;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DevMapperNodesTest {
    /** Real mknod(2) when this host allows it (root with CAP_MKNOD); skipped otherwise, the logic is covered below. */
    @Test
    void realBlockNodesWithMode0600(@TempDir Path dir) throws IOException {
        DevMapperNodes nodes = DevMapperNodes.at(dir);
        try {
            nodes.create("mpatha", new DevT(253, 300));
        } catch (IOException e) {
            assumeTrue(false, "mknod not permitted here: " + e.getMessage());
        }
        Path p = dir.resolve("mpatha");
        assertEquals(new DevT(253, 300), DevMapperNodes.rdev(p));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        // already right: left alone; wrong number: replaced
        nodes.create("mpatha", new DevT(253, 300));
        nodes.create("mpatha", new DevT(253, 7));
        assertEquals(new DevT(253, 7), DevMapperNodes.rdev(p));
        nodes.remove("mpatha");
        assertFalse(Files.exists(p));
        nodes.remove("mpatha");
    }

    @Test
    void syncCreatesMissingAndRemovesStaleBlockNodesOnly(@TempDir Path dir) throws IOException {
        DevMapperNodes nodes = DevMapperNodes.at(dir);
        try {
            nodes.create("stale", new DevT(253, 9));
        } catch (IOException e) {
            assumeTrue(false, "mknod not permitted here: " + e.getMessage());
        }
        Files.writeString(dir.resolve("control"), "");
        Files.writeString(dir.resolve("notes.txt"), "not a node");
        nodes.sync(List.of(new DmDevice("a", null, new DevT(253, 1), 0), new DmDevice("b", "u", new DevT(253, 2), 3)));
        assertEquals(new DevT(253, 1), DevMapperNodes.rdev(dir.resolve("a")));
        assertEquals(new DevT(253, 2), DevMapperNodes.rdev(dir.resolve("b")));
        assertFalse(Files.exists(dir.resolve("stale")));
        assertTrue(Files.exists(dir.resolve("control")));
        assertTrue(Files.exists(dir.resolve("notes.txt")));
        assertNull(DevMapperNodes.rdev(dir.resolve("notes.txt")));
    }

    @Test
    void namesThatAreNoPlainFileNameAreRejected(@TempDir Path dir) {
        DevMapperNodes nodes = new DevMapperNodes(dir, (p, m, d) -> Files.createFile(p));
        for (String bad : new String[]{"", "a/b", "..", ".", "control"}) {
            assertThrows(IllegalArgumentException.class, () -> nodes.create(bad, new DevT(253, 0)), bad);
        }
    }

    @Test
    void udevDetectionLooksAtItsControlSocket() {
        assertEquals(Files.exists(Path.of("/run/udev/control")), DevMapperNodes.udevRunning());
    }
}
