package io.mpathvx.core.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * Turns config text into a tree of stanzas, line by line as multipathd reads it: one keyword
 * line, section opening ({@code name {}) or closing ({@code }}) per line. Structural problems
 * whose meaning is unclear are fatal ({@link ConfigException}); the rest become warnings.
 */
final class StanzaParser {
    /**
     * Names that always open a section (multipathd's list); written without '{' the file's
     * structure is unclear. "protocol" is not one: it is also a blacklist keyword.
     */
    static final Set<String> SECTION_NAMES = Set.of("defaults", "blacklist", "blacklist_exceptions", "devices",
            "device", "overrides", "multipaths", "multipath");

    private StanzaParser() {
    }

    static List<Stanza> parse(String text, String file, List<ConfigWarning> warnings) throws ConfigException {
        record Open(String keyword, int line, List<Stanza> children) {
        }
        Deque<Open> stack = new ArrayDeque<>();
        List<Stanza> top = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int idx = 0; idx < lines.length; idx++) {
            int lineNr = idx + 1;
            List<Token> tokens = Tokenizer.tokenize(lines[idx]);
            if (tokens.isEmpty()) continue;
            Token first = tokens.get(0);
            List<Stanza> into = stack.isEmpty() ? top : stack.peek().children();
            if (first.isWord("}")) {
                if (stack.isEmpty()) throw new ConfigException(file, lineNr, "unmatched '}'");
                rejectBraces(tokens, 1, file, lineNr);
                if (tokens.size() > 1) warnings.add(extra(file, lineNr, tokens.get(1)));
                Open done = stack.pop();
                List<Stanza> parent = stack.isEmpty() ? top : stack.peek().children();
                parent.add(new Stanza(done.keyword(), null, true, file, done.line(), List.copyOf(done.children())));
                continue;
            }
            if (tokens.size() > 1 && tokens.get(1).isWord("{") && !first.quote()) {
                if (first.isWord("{")) throw new ConfigException(file, lineNr, "'{' without a section name");
                rejectBraces(tokens, 2, file, lineNr);
                if (tokens.size() > 2) warnings.add(extra(file, lineNr, tokens.get(2)));
                stack.push(new Open(first.text(), lineNr, new ArrayList<>()));
                continue;
            }
            Stanza s = keywordLine(tokens, file, lineNr, warnings);
            if (s != null) into.add(s);
        }
        if (!stack.isEmpty()) {
            Open open = stack.peek();
            throw new ConfigException(file, open.line(),
                    "missing '}': section '" + open.keyword() + "' is not closed before the end of the file");
        }
        return top;
    }

    /**
     * A line that neither opens nor closes a section: a keyword and its value (null when the line
     * has none). Returns null for a line that is ignored with a warning.
     */
    static Stanza keywordLine(List<Token> tokens, String file, int lineNr, List<ConfigWarning> warnings)
            throws ConfigException {
        Token first = tokens.get(0);
        if (first.isWord("{")) throw new ConfigException(file, lineNr, "'{' without a section name");
        if (first.isWord("}")) throw new ConfigException(file, lineNr, "unmatched '}'");
        if (first.quote()) {
            warnings.add(new ConfigWarning(file, lineNr, "a line cannot start with a quoted string; line ignored"));
            return null;
        }
        String keyword = first.text();
        if (SECTION_NAMES.contains(keyword)) {
            throw new ConfigException(file, lineNr, "missing '{' after section name '" + keyword + "'");
        }
        rejectBraces(tokens, 1, file, lineNr);
        checkQuoting(tokens, file, lineNr, warnings);
        return new Stanza(keyword, Tokenizer.value(tokens), false, file, lineNr, List.of());
    }

    /**
     * multipathd understands one '{' or '}' per line and silently drops any further one, which
     * changes the nesting of the rest of the file: refuse it (quoted braces are plain text).
     */
    private static void rejectBraces(List<Token> tokens, int from, String file, int lineNr) throws ConfigException {
        boolean inQuotes = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.quote()) {
                inQuotes = !inQuotes;
            } else if (i >= from && !inQuotes && (t.text().equals("{") || t.text().equals("}"))) {
                throw new ConfigException(file, lineNr, "'" + t.text()
                        + "' must be on a line of its own (one keyword, section opening or '}' per line)");
            }
        }
    }

    // Mirrors multipathd's line validation: a value is one word or one quoted string.
    private static void checkQuoting(List<Token> tokens, String file, int line, List<ConfigWarning> warnings) {
        if (tokens.size() < 2) return;
        if (!tokens.get(1).quote()) {
            if (tokens.size() > 2) warnings.add(extra(file, line, tokens.get(2)));
            return;
        }
        if (tokens.size() == 2 || (tokens.size() == 3 && !tokens.get(2).quote())) {
            warnings.add(new ConfigWarning(file, line, "missing closing quote; value taken up to the end of the line"));
            return;
        }
        int end = tokens.get(2).quote() ? 2 : 3;
        if (tokens.size() > end + 1) warnings.add(extra(file, line, tokens.get(end + 1)));
    }

    private static ConfigWarning extra(String file, int line, Token t) {
        return new ConfigWarning(file, line, "ignoring extra data starting with '" + t.text() + "'");
    }
}
