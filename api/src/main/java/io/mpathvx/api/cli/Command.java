package io.mpathvx.api.cli;

import java.util.List;
import java.util.Optional;

/**
 * A parsed command line: the keywords in the order typed, each with its parameter (or
 * null). Several keyword orders parse; only those matching an entry of {@link Handler}
 * do something in multipathd.
 */
public record Command(List<Word> words) {
    /** One keyword of the command and the parameter it consumed, null if it takes none. */
    public record Word(Keyword keyword, String param) {
    }

    public Command {
        words = List.copyOf(words);
    }

    /** The keywords alone, in order. */
    public List<Keyword> keywords() {
        return words.stream().map(Word::keyword).toList();
    }

    /**
     * Mirrors cli.c fingerprint: keyword codes packed little-endian into 32 bits, byte 0
     * the verb; 0 (invalid) when the command has more than 4 keywords.
     */
    public int fingerprint() {
        return Handler.fingerprint(keywords());
    }

    /** The handler multipathd would run for this command, if it registers one. */
    public Optional<Handler> handler() {
        return Handler.forFingerprint(fingerprint());
    }

    /** Mirrors cli.c get_keyparam: the parameter of the first word with this keyword. */
    public Optional<String> param(Keyword keyword) {
        return words.stream().filter(w -> w.keyword() == keyword).map(Word::param).findFirst();
    }
}
