package io.mpathvx.core.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** multipath-tools tests/parser.c vectors: tokenising one line, its value and its validity. */
class ParserConformanceTest {
    private static final JsonArray CASES = Conformance.load("parser.json").getJsonArray("cases");

    @Test
    void allTwentyCasesArePresent() {
        assertEquals(20, CASES.size());
    }

    @TestFactory
    Stream<DynamicTest> tokens() {
        return cases().map(c -> DynamicTest.dynamicTest(c.getString("id") + " tokens", () -> {
            List<Token> expected = new ArrayList<>();
            for (Object t : c.getJsonArray("expect_tokens")) {
                expected.add(t instanceof JsonObject ? Token.QUOTE : Token.word((String) t));
            }
            assertEquals(expected, Tokenizer.tokenize(c.getString("input")), c.getString("description"));
        }));
    }

    @TestFactory
    Stream<DynamicTest> values() {
        return cases().map(c -> DynamicTest.dynamicTest(c.getString("id") + " value", () ->
                assertEquals(c.getString("expect_value"), Tokenizer.value(Tokenizer.tokenize(c.getString("input"))),
                        c.getString("description"))));
    }

    @TestFactory
    Stream<DynamicTest> validLinesGiveAKeywordAndItsValue() {
        return cases().filter(c -> c.getBoolean("expect_valid", false))
                .map(c -> DynamicTest.dynamicTest(c.getString("id") + " valid", () -> {
                    List<ConfigWarning> warnings = new ArrayList<>();
                    Stanza s = assertDoesNotThrow(() -> StanzaParser.keywordLine(
                            Tokenizer.tokenize(c.getString("input")), "t.conf", 1, warnings));
                    assertNotNull(s);
                    assertEquals(c.getString("expect_value"), s.value());
                }));
    }

    private static Stream<JsonObject> cases() {
        return CASES.stream().map(o -> (JsonObject) o);
    }
}
