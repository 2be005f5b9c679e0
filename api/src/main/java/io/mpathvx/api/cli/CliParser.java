package io.mpathvx.api.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * multipathd's command-line parser (mirrors multipathd/cli.c get_cmdvec): each word is
 * resolved to a keyword by exact spelling or unique prefix, and keywords that take a
 * parameter consume the next word.
 */
public final class CliParser {
    private CliParser() {
    }

    /**
     * @param line the command as the client sent it; may be null
     * @return the keywords and parameters, whether or not a handler exists for them
     * @throws CliParseException with ENOMEM, ESRCH, ENOENT or EINVAL as multipathd would
     */
    public static Command parse(String line) throws CliParseException {
        List<CommandTokenizer.Token> tokens = CommandTokenizer.tokenize(line);
        if (tokens.isEmpty()) {
            throw new CliParseException(CliError.ENOMEM, line);
        }
        List<Command.Word> words = new ArrayList<>();
        Keyword awaitingParam = null;
        for (int i = 0; i < tokens.size(); i++) {
            CommandTokenizer.Token token = tokens.get(i);
            if (token.quoteMarker()) {
                continue;
            }
            if (awaitingParam != null) {
                words.set(words.size() - 1, new Command.Word(awaitingParam, token.text()));
                awaitingParam = null;
                continue;
            }
            KeywordTable.Spelling spelling = KeywordTable.find(token.text());
            if (spelling == null) {
                // the index counts quote markers too, as upstream's does
                boolean last = i == tokens.size() - 1;
                throw new CliParseException(last ? CliError.ESRCH : CliError.ENOENT, line);
            }
            words.add(new Command.Word(spelling.keyword(), null));
            if (spelling.takesParam()) {
                awaitingParam = spelling.keyword();
            }
        }
        if (awaitingParam != null) {
            throw new CliParseException(CliError.EINVAL, line);
        }
        return new Command(words);
    }
}
