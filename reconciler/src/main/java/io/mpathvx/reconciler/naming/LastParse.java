package io.mpathvx.reconciler.naming;

import java.util.function.Function;

/**
 * The last text of a state file and what it parsed to. A storm re-reads the file under its lock for every batch of
 * new maps; when nobody else wrote meanwhile the text is the one we left, and comparing it costs far less than
 * parsing 10,000 lines again (that parse was most of a 10k-LUN storm's allocation).
 */
final class LastParse<T> {
    private final Function<String, T> parser;
    private String text;
    private T value;

    LastParse(Function<String, T> parser) {
        this.parser = parser;
    }

    synchronized T of(String current) {
        if (!current.equals(text)) {
            value = parser.apply(current);
            text = current;
        }
        return value;
    }

    /** After our own append: the file now holds {@code current}, which parses to {@code parsed}. */
    synchronized void remember(String current, T parsed) {
        text = current;
        value = parsed;
    }
}
