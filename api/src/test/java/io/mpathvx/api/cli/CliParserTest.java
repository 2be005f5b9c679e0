package io.mpathvx.api.cli;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.mpathvx.api.cli.Keyword.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parser behaviour beyond the upstream vectors, derived from cli.c and parser.c. */
class CliParserTest {

    private static CliError errorOf(String line) {
        return assertThrows(CliParseException.class, () -> CliParser.parse(line)).error();
    }

    @Test
    void quoteMarkersCountWhenDecidingWhetherTheUnknownWordWasLast() {
        assertEquals(CliError.ESRCH, errorOf("show bogus"));
        // the closing quote is the last token, so "bogus" is not last
        assertEquals(CliError.ENOENT, errorOf("show \"bogus\""));
        // an unterminated quote has no closing marker
        assertEquals(CliError.ESRCH, errorOf("show \"bogus"));
    }

    @Test
    void commentsAndBlankLinesHaveNoWords() {
        assertEquals(CliError.ENOMEM, errorOf("   \t "));
        assertEquals(CliError.ENOMEM, errorOf("# show maps"));
        assertEquals(List.of(VRB_LIST, KEY_MAPS), parse("show maps # the rest is a comment").keywords());
    }

    @Test
    void anEmptyQuotedParameterIsMissing() {
        assertEquals(CliError.EINVAL, errorOf("show map \"\""));
    }

    @Test
    void bracesAreWordsOfTheirOwn() {
        assertEquals(CliError.ESRCH, errorOf("show maps{"));
        assertEquals(CliError.ENOENT, errorOf("show { maps"));
    }

    @Test
    void quotedParametersKeepSpacesAndKeywordsCanBeQuoted() {
        Command command = parse("\"switchg\" map \"my map\" group 2");
        assertEquals(Optional.of(Handler.SWITCH_MAP_GROUP), command.handler());
        assertEquals(Optional.of("my map"), command.param(KEY_MAP));
        assertEquals(Optional.of("2"), command.param(KEY_GROUP));
        assertEquals(Optional.empty(), command.param(KEY_PATH));
    }

    @Test
    void aParameterMayLookLikeAKeyword() {
        Command command = parse("fail path map");
        assertEquals(List.of(new Command.Word(VRB_FAIL, null), new Command.Word(KEY_PATH, "map")), command.words());
        assertEquals(Optional.of(Handler.FAIL_PATH), command.handler());
    }

    @Test
    void anExactSpellingWinsOverLongerOnesButTwoPrefixMatchesAreAmbiguous() {
        assertEquals(Optional.of(Handler.LIST_MAP_JSON), parse("show map x json").handler());
        assertEquals(Optional.of(Handler.SWITCH_MAP_GROUP), parse("switch multipath x group 1").handler());
        assertEquals(CliError.ESRCH, errorOf("show ma"));
        assertEquals(CliError.ENOENT, errorOf("sw map x group 1"));
        assertEquals(Optional.of(Handler.RESTOREQ_MAPS), parse("restore maps").handler());
    }

    @Test
    void handlersAreFoundByTheExactKeywordOrder() {
        assertEquals(Optional.of(Handler.LIST_TOPOLOGY), parse("show topology").handler());
        assertEquals(Optional.of(Handler.LIST_MAPS_RAW_FMT), parse("list maps raw format \"%n %w\"").handler());
        assertEquals(Optional.empty(), parse("show format %n maps").handler());
        assertEquals(Optional.of(Handler.RECONFIGURE_ALL), parse("reconfigure all").handler());
    }

    @Test
    void usageNamesEverySpellingAndParameterAsUpstreamHelpDoes() {
        assertEquals("list|show paths", Handler.LIST_PATHS.usage());
        assertEquals("switch|switchgroup map|multipath $map group $group", Handler.SWITCH_MAP_GROUP.usage());
        assertEquals("list|show maps|multipaths raw format $format", Handler.LIST_MAPS_RAW_FMT.usage());
        assertEquals("quit|exit", Handler.QUIT.usage());
        assertEquals("switch map $map group $group", Handler.SWITCH_MAP_GROUP.verb());
        assertEquals("list maps", Handler.LIST_MAPS.verb());
        assertTrue(Handler.LIST_MAPS.locked());
        assertTrue(!Handler.SHUTDOWN.locked());
    }

    @Test
    void failureRepliesFollowUpstreamsDefaultReply() {
        String reference = CliHelp.reference("mpathvx 0.1\n");
        assertTrue(reference.startsWith("mpathvx 0.1\nCLI commands reference:\n list|show paths\n"), reference);
        assertEquals(Handler.values().length + 2, reference.lines().count());
        assertEquals("fail\nbogus: not found\n" + reference, CliHelp.parseFailure("bogus", CliError.ESRCH, "mpathvx 0.1\n"));
        assertEquals("fail\n", CliHelp.parseFailure("sh maps", CliError.ENOENT, "mpathvx 0.1\n"));
        assertEquals("fail\nshow map: Missing argument\n" + reference,
                CliHelp.parseFailure("show map", CliError.EINVAL, "mpathvx 0.1\n"));
        assertEquals("fail\nlist: Missing argument\n" + reference, CliHelp.noHandler("list", "mpathvx 0.1\n"));
    }

    private static Command parse(String line) {
        try {
            return CliParser.parse(line);
        } catch (CliParseException e) {
            throw new AssertionError(line, e);
        }
    }
}
