package io.mpathvx.api.cli;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Runs the multipath-tools tests/cli.c vectors (conformance/cli.json) against CliParser. */
class CliConformanceTest {
    private static JsonObject vectors() throws IOException {
        try (InputStream in = CliConformanceTest.class.getResourceAsStream("/conformance/cli.json")) {
            assertNotNull(in, "conformance/cli.json on the test classpath");
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaseParsesAsUpstream() throws IOException {
        JsonArray cases = vectors().getJsonArray("cases");
        assertEquals(45, cases.size());
        return cases.stream().map(JsonObject.class::cast)
                .map(c -> DynamicTest.dynamicTest(c.getString("id"), () -> check(c)));
    }

    private static void check(JsonObject c) throws CliParseException {
        String line = c.getString("command");
        String rc = c.getString("expect_rc");
        if (!rc.equals("OK")) {
            CliParseException e = assertThrows(CliParseException.class, () -> CliParser.parse(line));
            assertEquals(CliError.valueOf(rc), e.error());
            assertEquals(c.getInteger("expect_rc_value").intValue(), e.error().errno());
            return;
        }
        Command command = CliParser.parse(line);
        List<Command.Word> expected = new ArrayList<>();
        for (Object o : c.getJsonArray("expect_keywords")) {
            JsonObject k = (JsonObject) o;
            Keyword keyword = Keyword.valueOf(k.getString("code"));
            assertEquals(k.getInteger("code_value").intValue(), keyword.code());
            expected.add(new Command.Word(keyword, k.getString("param")));
        }
        assertEquals(expected, command.words());
        assertEquals(c.getLong("expect_fingerprint").intValue(), command.fingerprint());
        assertEquals(c.getBoolean("expect_handler"), command.handler().isPresent());
        for (Object o : c.getJsonArray("asserted_params")) {
            JsonObject p = (JsonObject) o;
            assertEquals(p.getString("value"), command.words().get(p.getInteger("keyword_index")).param());
        }
        checkMatchedSpellings(line, c.getJsonArray("expect_keywords"));
    }

    /** matched_keyword is given for unquoted commands only: each word's table entry. */
    private static void checkMatchedSpellings(String line, JsonArray keywords) {
        if (line.contains("\"")) {
            return;
        }
        List<String> words = CommandTokenizer.tokenize(line).stream()
                .map(CommandTokenizer.Token::text).toList();
        int w = 0;
        for (Object o : keywords) {
            JsonObject k = (JsonObject) o;
            assertEquals(k.getString("matched_keyword"), KeywordTable.find(words.get(w)).word());
            w += k.containsKey("param") ? 2 : 1;
        }
    }

    @Test
    void keywordTableMatchesTheVectorsTable() throws IOException {
        JsonArray table = vectors().getJsonArray("keyword_table");
        assertEquals(table.size(), KeywordTable.SPELLINGS.size());
        for (int i = 0; i < table.size(); i++) {
            JsonObject row = table.getJsonObject(i);
            KeywordTable.Spelling spelling = KeywordTable.SPELLINGS.get(i);
            assertEquals(row.getString("keyword"), spelling.word());
            assertEquals(row.getString("code"), spelling.keyword().name());
            assertEquals(row.getInteger("code_value").intValue(), spelling.keyword().code());
            assertEquals(row.getBoolean("takes_param"), spelling.takesParam());
        }
    }
}
