package io.mpathvx.api.cli;

import java.util.List;

import static io.mpathvx.api.cli.Keyword.*;

/**
 * The spellings multipathd accepts for each keyword, in the order of multipathd/cli.c
 * load_keys(). The order matters: {@link #find} resolves prefixes by scanning it.
 */
final class KeywordTable {
    /** One accepted spelling; keywords that take a parameter consume the next word. */
    record Spelling(String word, Keyword keyword, boolean takesParam) {
    }

    static final List<Spelling> SPELLINGS = List.of(
            s("list", VRB_LIST), s("show", VRB_LIST), s("add", VRB_ADD),
            s("remove", VRB_DEL), s("del", VRB_DEL), s("switch", VRB_SWITCH),
            s("switchgroup", VRB_SWITCH), s("suspend", VRB_SUSPEND), s("resume", VRB_RESUME),
            s("reinstate", VRB_REINSTATE), s("fail", VRB_FAIL), s("resize", VRB_RESIZE),
            s("reset", VRB_RESET), s("reload", VRB_RELOAD), s("forcequeueing", VRB_FORCEQ),
            s("disablequeueing", VRB_DISABLEQ), s("restorequeueing", VRB_RESTOREQ),
            s("paths", KEY_PATHS), s("maps", KEY_MAPS), s("multipaths", KEY_MAPS),
            p("path", KEY_PATH), p("map", KEY_MAP), p("multipath", KEY_MAP), p("group", KEY_GROUP),
            s("reconfigure", VRB_RECONFIGURE), s("daemon", KEY_DAEMON), s("status", KEY_STATUS),
            s("stats", KEY_STATS), s("topology", KEY_TOPOLOGY), s("config", KEY_CONFIG),
            s("blacklist", KEY_BLACKLIST), s("devices", KEY_DEVICES), s("raw", KEY_RAW),
            s("wildcards", KEY_WILDCARDS), s("quit", VRB_QUIT), s("exit", VRB_QUIT),
            s("shutdown", VRB_SHUTDOWN), s("getprstatus", VRB_GETPRSTATUS),
            s("setprstatus", VRB_SETPRSTATUS), s("unsetprstatus", VRB_UNSETPRSTATUS),
            p("format", KEY_FMT), s("json", KEY_JSON), s("getprkey", VRB_GETPRKEY),
            s("setprkey", VRB_SETPRKEY), s("unsetprkey", VRB_UNSETPRKEY), p("key", KEY_KEY),
            s("local", KEY_LOCAL), s("setmarginal", VRB_SETMARGINAL),
            s("unsetmarginal", VRB_UNSETMARGINAL), s("all", KEY_ALL),
            s("getprhold", VRB_GETPRHOLD), s("setprhold", VRB_SETPRHOLD),
            s("unsetprhold", VRB_UNSETPRHOLD), p("pathlist", KEY_PATHLIST));

    private KeywordTable() {
    }

    private static Spelling s(String word, Keyword keyword) {
        return new Spelling(word, keyword, false);
    }

    private static Spelling p(String word, Keyword keyword) {
        return new Spelling(word, keyword, true);
    }

    /**
     * Mirrors cli.c find_key: an exact spelling wins, else the word must be a prefix of
     * exactly one spelling. Like upstream, the scan gives up as soon as it meets a second
     * prefix match, even if an exact match comes later in the table.
     *
     * @return the spelling, or null when the word is unknown or ambiguous
     */
    static Spelling find(String word) {
        Spelling prefixMatch = null;
        for (Spelling candidate : SPELLINGS) {
            if (!candidate.word().startsWith(word)) {
                continue;
            }
            if (candidate.word().length() == word.length()) {
                return candidate;
            }
            if (prefixMatch != null) {
                return null;
            }
            prefixMatch = candidate;
        }
        return prefixMatch;
    }

    /** All spellings of a keyword in table order. */
    static List<Spelling> spellings(Keyword keyword) {
        return SPELLINGS.stream().filter(sp -> sp.keyword() == keyword).toList();
    }
}
