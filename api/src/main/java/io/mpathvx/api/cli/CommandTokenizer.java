package io.mpathvx.api.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a CLI command line into words the way multipathd does, by reusing the
 * multipath.conf tokenizer (mirrors libmpathutil/parser.c alloc_strvec). Double quotes
 * group words and appear as their own quote-marker tokens; the parser skips the markers
 * but still counts them when it decides between ESRCH and ENOENT, so they are kept here.
 */
final class CommandTokenizer {
    /** A word, or a quote marker standing for an opening or closing double quote. */
    record Token(String text, boolean quoteMarker) {
        static final Token QUOTE = new Token("\"", true);
    }

    private final String line;
    private int pos;
    private boolean inString;

    private CommandTokenizer(String line) {
        int nul = line.indexOf('\0');
        this.line = nul < 0 ? line : line.substring(0, nul); // C strings end at the first NUL
    }

    /** @return the tokens; empty when the line is null, blank or starts with a comment */
    static List<Token> tokenize(String line) {
        return line == null ? List.of() : new CommandTokenizer(line).tokens();
    }

    private List<Token> tokens() {
        skipBlanks();
        List<Token> tokens = new ArrayList<>();
        if (atEnd() || isCommentStart(at(pos))) {
            return tokens;
        }
        while (true) {
            tokens.add(nextToken());
            if (!inString) {
                skipBlanks();
            }
            if (atEnd() || (!inString && isCommentStart(at(pos)))) {
                return tokens;
            }
        }
    }

    private Token nextToken() {
        char c = at(pos);
        if (c == '"' && !(inString && at(pos + 1) == '"')) {
            pos++;
            inString = !inString;
            return Token.QUOTE;
        }
        if (!inString && (c == '{' || c == '}')) {
            pos++;
            return new Token(String.valueOf(c), false);
        }
        int start = pos;
        boolean doubledQuote = false;
        while (true) {
            while (!atEnd() && at(pos) != '"' && (inString || isWordChar(at(pos)))) {
                pos++;
            }
            // inside quotes, "" is a literal quote and does not end the string
            if (inString && at(pos) == '"' && at(pos + 1) == '"') {
                doubledQuote = true;
                pos += 2;
                continue;
            }
            break;
        }
        String word = line.substring(start, pos);
        return new Token(doubledQuote ? word.replace("\"\"", "\"") : word, false);
    }

    private void skipBlanks() {
        while (!atEnd() && (isSpace(at(pos)) || at(pos) > 127)) {
            pos++;
        }
    }

    private boolean atEnd() {
        return pos >= line.length();
    }

    /** The character at i, or NUL past the end (as the C code sees its terminator). */
    private char at(int i) {
        return i < line.length() ? line.charAt(i) : '\0';
    }

    private static boolean isWordChar(char c) {
        return !isSpace(c) && c <= 127 && !isCommentStart(c) && c != '{' && c != '}';
    }

    private static boolean isCommentStart(char c) {
        return c == '!' || c == '#';
    }

    /** C isspace() in the "C" locale. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
    }
}
