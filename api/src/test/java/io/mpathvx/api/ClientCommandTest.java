package io.mpathvx.api;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The client's own work: which words are client commands, --json, and errors before any daemon is asked. */
class ClientCommandTest {
    @Test
    void daemonAndDryRunAreNotClientCommands() {
        assertFalse(ClientCommand.isClientCommand(new String[] {"daemon", "--sim", "x"}));
        assertFalse(ClientCommand.isClientCommand(new String[] {"dry-run"}));
        assertFalse(ClientCommand.isClientCommand(new String[] {"--version"}));
        assertTrue(ClientCommand.isClientCommand(new String[] {"show", "maps"}));
        assertTrue(ClientCommand.isClientCommand(new String[] {"-ll"}));
        assertTrue(ClientCommand.isClientCommand(new String[] {"--socket", "/x", "show", "maps"}));
    }

    @Test
    void jsonAsksForTheJsonFormOfAListing() {
        assertEquals("show maps json", ClientCommand.withJson("show maps"));
        assertEquals("show maps json", ClientCommand.withJson("show topology"));
        assertEquals("show maps json", ClientCommand.withJson("list  multipaths"));
        assertEquals("show map mpatha json", ClientCommand.withJson("show map mpatha topology"));
        assertEquals("fail path sdb", ClientCommand.withJson("fail path sdb"), "not a listing: unchanged");
    }

    @Test
    void anUnknownCommandOrAnUnreachableDaemonIsReportedWithoutAStackTrace() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        assertEquals(Main.USAGE, ClientCommand.run(new String[] {"frobnicate", "maps"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate maps'"));
        assertEquals(Main.USAGE, ClientCommand.run(new String[] {"switchgroup", "map", "x", "group"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("a missing argument"));
        err.reset();
        assertEquals(Main.FAILURE, ClientCommand.run(new String[] {"--socket", "/nonexistent/mpathvx.sock", "show", "maps"}, o, e));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("mpathvx: cannot reach the daemon at /nonexistent/mpathvx.sock"));
        assertEquals("", out.toString(StandardCharsets.UTF_8));
    }
}
