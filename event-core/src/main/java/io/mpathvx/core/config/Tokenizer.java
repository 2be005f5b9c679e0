package io.mpathvx.core.config;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one multipath.conf line into tokens with multipathd's rules (pinned by the conformance
 * vectors in parser.json): outside quotes, whitespace (and any non-ASCII character) separates
 * words, '{' and '}' are tokens of their own, '!' or '#' starts a comment; inside quotes
 * everything is literal up to the closing quote, and two quotes in a row stand for one.
 */
final class Tokenizer {
    private Tokenizer() {
    }

    static List<Token> tokenize(String line) {
        List<Token> out = new ArrayList<>();
        int n = line.indexOf('\0');
        if (n < 0) n = line.length();   // a NUL ends the line, as it does for a C string
        int i = skipBlanks(line, 0, n);
        if (i >= n || line.charAt(i) == '!' || line.charAt(i) == '#') return out;
        boolean inString = false;
        while (true) {
            char c = line.charAt(i);
            if (c == '"' && !(inString && i + 1 < n && line.charAt(i + 1) == '"')) {
                out.add(Token.QUOTE);
                inString = !inString;
                i++;
            } else if (!inString && (c == '{' || c == '}')) {
                out.add(Token.word(String.valueOf(c)));
                i++;
            } else {
                StringBuilder word = new StringBuilder();
                while (i < n) {
                    char d = line.charAt(i);
                    if (d == '"') {
                        if (inString && i + 1 < n && line.charAt(i + 1) == '"') {
                            word.append('"');   // "" inside a string is one literal quote
                            i += 2;
                            continue;
                        }
                        break;
                    }
                    if (!inString && (isBlank(d) || d == '!' || d == '#' || d == '{' || d == '}')) break;
                    word.append(d);
                    i++;
                }
                out.add(Token.word(word.toString()));
            }
            if (!inString) i = skipBlanks(line, i, n);
            if (i >= n || (!inString && (line.charAt(i) == '!' || line.charAt(i) == '#'))) return out;
        }
    }

    /**
     * The value a keyword line yields: the second token if it is a word, otherwise the word after
     * the opening quote ("" when the string is empty). Null when the line has no value at all.
     */
    static String value(List<Token> tokens) {
        if (tokens.size() < 2) return null;
        Token second = tokens.get(1);
        if (!second.quote()) return second.text();
        if (tokens.size() < 3) return "";   // an opening quote and nothing after it
        Token third = tokens.get(2);
        return third.quote() ? "" : third.text();
    }

    private static int skipBlanks(String s, int i, int n) {
        while (i < n && isBlank(s.charAt(i))) i++;
        return i;
    }

    // C's isspace() plus !isascii(): multipathd treats non-ASCII bytes outside quotes as blanks.
    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0b || c > 0x7f;
    }
}
