package io.mpathvx.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;

/** Tokenizer corners beyond parser.json, and the value checks of each keyword type. */
class KeywordValueTest {

    @Test
    void tokenizerCorners() {
        assertEquals(List.of(Token.word("a"), Token.word("{")), Tokenizer.tokenize("a{"));
        assertEquals(List.of(Token.word("}"), Token.word("b")), Tokenizer.tokenize("}b"));
        // non-ASCII outside quotes separates words; inside quotes it is kept
        assertEquals(List.of(Token.word("a"), Token.word("b")), Tokenizer.tokenize("a\u00e9b"));
        assertEquals(List.of(Token.word("k"), Token.QUOTE, Token.word("\u00e9"), Token.QUOTE),
                Tokenizer.tokenize("k \"\u00e9\""));
        // a NUL ends the line; '!' inside a word ends it and starts a comment
        assertEquals(List.of(Token.word("a")), Tokenizer.tokenize("a\0 b"));
        assertEquals(List.of(Token.word("abc")), Tokenizer.tokenize("abc!def ghi"));
        assertEquals(List.of(), Tokenizer.tokenize("   # only a comment"));
        assertEquals(List.of(), Tokenizer.tokenize(""));
        assertEquals("", Tokenizer.value(Tokenizer.tokenize("k \"\"")));
        assertEquals("", Tokenizer.value(Tokenizer.tokenize("k \"")));
        assertEquals(null, Tokenizer.value(Tokenizer.tokenize("k")));
    }

    @Test
    void yesNoAndEnums() throws InvalidValue {
        assertEquals(true, ValueType.YES_NO.parse("yes"));
        assertEquals(true, ValueType.YES_NO.parse("1"));
        assertEquals(false, ValueType.YES_NO.parse("0"));
        assertThrows(InvalidValue.class, () -> ValueType.YES_NO.parse("Yes"));
        assertEquals(FindMultipaths.ON, ValueType.FIND_MULTIPATHS.parse("yes"));
        assertEquals(FindMultipaths.OFF, ValueType.FIND_MULTIPATHS.parse("no"));
        assertEquals(FindMultipaths.SMART, ValueType.FIND_MULTIPATHS.parse("smart"));
        assertEquals(FlushOnLastDel.ALWAYS, ValueType.FLUSH_ON_LAST_DEL.parse("yes"));
        assertEquals(FlushOnLastDel.UNUSED, ValueType.FLUSH_ON_LAST_DEL.parse("no"));
        assertEquals(PathGroupingPolicy.GROUP_BY_TPG, ValueType.PATH_GROUPING_POLICY.parse("group_by_tpg"));
        assertThrows(InvalidValue.class, () -> ValueType.PATH_GROUPING_POLICY.parse("failover2"));
        assertEquals(RrWeight.PRIORITIES, ValueType.RR_WEIGHT.parse("priorities"));
    }

    @Test
    void numbersAndTheirSpecialWords() throws InvalidValue {
        assertEquals(NoPathRetry.FAIL, ValueType.NO_PATH_RETRY.parse("0"));
        assertEquals(NoPathRetry.QUEUE, ValueType.NO_PATH_RETRY.parse("queue"));
        assertEquals(NoPathRetry.retries(18), ValueType.NO_PATH_RETRY.parse("18"));
        assertThrows(InvalidValue.class, () -> ValueType.NO_PATH_RETRY.parse("-3"));
        assertEquals(Failback.deferred(30), ValueType.FAILBACK.parse("30"));
        assertEquals(Failback.FOLLOWOVER, ValueType.FAILBACK.parse("followover"));
        assertThrows(InvalidValue.class, () -> ValueType.FAILBACK.parse("0"));
        assertEquals(OptionalInt.empty(), ValueType.OFF_OR_SECONDS.parse("off"));
        assertEquals(OptionalInt.of(0), ValueType.OFF_OR_SECONDS.parse("0"));
        assertThrows(InvalidValue.class, () -> ValueType.OFF_OR_SECONDS.parse("-1"));
        assertEquals(OptionalLong.of(0xffffffffL), ValueType.DEV_LOSS.parse("infinity"));
        assertEquals(OptionalLong.of(0xffffffffL), ValueType.DEV_LOSS.parse("4294967295"));
        assertThrows(InvalidValue.class, () -> ValueType.DEV_LOSS.parse("4294967296"));
        ValueType r = ValueType.range(1, Integer.MAX_VALUE);
        assertEquals(7, r.parse(" 7 "));
        assertThrows(InvalidValue.class, () -> r.parse("2147483648"));
        assertThrows(InvalidValue.class, () -> r.parse("99999999999999999999999"));
        assertThrows(InvalidValue.class, () -> r.parse("7s"));
        assertThrows(InvalidValue.class, () -> r.parse(""));
        assertThrows(InvalidValue.class, () -> r.parse("-"));
        assertEquals("1 queue_if_no_path", ValueType.FEATURES.parse(" 1 queue_if_no_path "));
        assertThrows(InvalidValue.class, () -> ValueType.FEATURES.parse("queue_if_no_path"));
        assertThrows(InvalidValue.class, () -> ValueType.FEATURES.parse(""));
    }

    @Test
    void checkerSynonymAndWrongSectionMessage() throws ConfigException {
        LoadedConfig lc = ConfigLoader.parse("defaults {\n checker directio\n alias x\n}\n", "k.conf");
        assertEquals("directio", lc.config().forPath(new DeviceIdentity("A", "B", null, null)).checker().value());
        assertEquals(List.of("k.conf:3: keyword 'alias' is not valid in the defaults section (only in:"
                + " multipaths/multipath); ignored"), lc.warnings().stream().map(ConfigWarning::toString).toList());
    }

    @Test
    void blankWwidIsRejected() throws ConfigException {
        LoadedConfig lc = ConfigLoader.parse("multipaths {\n multipath {\n  wwid \"  \"\n }\n}\n", "b.conf");
        assertEquals(List.of("b.conf:2: multipath entry without wwid; ignored",
                "b.conf:3: invalid value for wwid: \"  \" (expected a non-blank string); ignored"),
                lc.warnings().stream().map(ConfigWarning::toString).toList());
        assertEquals(List.of(), lc.config().configuredWwids());
    }
}
