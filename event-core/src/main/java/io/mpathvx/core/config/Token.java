package io.mpathvx.core.config;

/**
 * One token of a multipath.conf line: a word (or the text between quotes), or a quote marker
 * emitted for every double quote that opens or closes a string. Quote markers are kept apart
 * from words so that a value written as {@code """"} (one literal quote) is not mistaken for one.
 */
record Token(String text, boolean quote) {
    static final Token QUOTE = new Token("\"", true);

    static Token word(String text) {
        return new Token(text, false);
    }

    boolean isWord(String s) {
        return !quote && text.equals(s);
    }
}
