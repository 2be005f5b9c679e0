package io.mpathvx.api.cli;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.mpathvx.api.cli.Keyword.*;

/**
 * The commands multipathd answers: its handler table (multipathd/callbacks.c
 * init_handler_callbacks), in upstream's order, which is also the order of the help text.
 * A command has a handler only if its keywords, in the typed order, match one entry.
 * The constant names say the command; two upstream callbacks serve two entries each
 * (LIST_MAPS_TOPOLOGY/LIST_TOPOLOGY and LIST_MAP_FMT/LIST_MAP_RAW_FMT).
 */
public enum Handler {
    LIST_PATHS(VRB_LIST, KEY_PATHS),
    LIST_PATHS_FMT(VRB_LIST, KEY_PATHS, KEY_FMT),
    LIST_PATHS_RAW_FMT(VRB_LIST, KEY_PATHS, KEY_RAW, KEY_FMT),
    LIST_PATH(VRB_LIST, KEY_PATH),
    LIST_MAPS(VRB_LIST, KEY_MAPS),
    LIST_STATUS(VRB_LIST, KEY_STATUS),
    LIST_DAEMON(false, VRB_LIST, KEY_DAEMON),
    LIST_MAPS_STATUS(VRB_LIST, KEY_MAPS, KEY_STATUS),
    LIST_MAPS_STATS(VRB_LIST, KEY_MAPS, KEY_STATS),
    LIST_MAPS_FMT(VRB_LIST, KEY_MAPS, KEY_FMT),
    LIST_MAPS_RAW_FMT(VRB_LIST, KEY_MAPS, KEY_RAW, KEY_FMT),
    LIST_MAPS_TOPOLOGY(VRB_LIST, KEY_MAPS, KEY_TOPOLOGY),
    LIST_TOPOLOGY(VRB_LIST, KEY_TOPOLOGY),
    LIST_MAPS_JSON(VRB_LIST, KEY_MAPS, KEY_JSON),
    LIST_MAP_TOPOLOGY(VRB_LIST, KEY_MAP, KEY_TOPOLOGY),
    LIST_MAP_FMT(VRB_LIST, KEY_MAP, KEY_FMT),
    LIST_MAP_RAW_FMT(VRB_LIST, KEY_MAP, KEY_RAW, KEY_FMT),
    LIST_MAP_JSON(VRB_LIST, KEY_MAP, KEY_JSON),
    LIST_CONFIG_LOCAL(VRB_LIST, KEY_CONFIG, KEY_LOCAL),
    LIST_CONFIG(VRB_LIST, KEY_CONFIG),
    LIST_BLACKLIST(VRB_LIST, KEY_BLACKLIST),
    LIST_DEVICES(VRB_LIST, KEY_DEVICES),
    LIST_WILDCARDS(VRB_LIST, KEY_WILDCARDS),
    RESET_MAPS_STATS(VRB_RESET, KEY_MAPS, KEY_STATS),
    RESET_MAP_STATS(VRB_RESET, KEY_MAP, KEY_STATS),
    ADD_PATH(VRB_ADD, KEY_PATH),
    DEL_PATH(VRB_DEL, KEY_PATH),
    ADD_MAP(VRB_ADD, KEY_MAP),
    DEL_MAP(VRB_DEL, KEY_MAP),
    DEL_MAPS(VRB_DEL, KEY_MAPS),
    SWITCH_MAP_GROUP(VRB_SWITCH, KEY_MAP, KEY_GROUP),
    RECONFIGURE(false, VRB_RECONFIGURE),
    RECONFIGURE_ALL(false, VRB_RECONFIGURE, KEY_ALL),
    SUSPEND_MAP(VRB_SUSPEND, KEY_MAP),
    RESUME_MAP(VRB_RESUME, KEY_MAP),
    RESIZE_MAP(VRB_RESIZE, KEY_MAP),
    RELOAD_MAP(VRB_RELOAD, KEY_MAP),
    RESET_MAP(VRB_RESET, KEY_MAP),
    REINSTATE_PATH(VRB_REINSTATE, KEY_PATH),
    FAIL_PATH(VRB_FAIL, KEY_PATH),
    DISABLEQ_MAP(VRB_DISABLEQ, KEY_MAP),
    RESTOREQ_MAP(VRB_RESTOREQ, KEY_MAP),
    DISABLEQ_MAPS(VRB_DISABLEQ, KEY_MAPS),
    RESTOREQ_MAPS(VRB_RESTOREQ, KEY_MAPS),
    QUIT(false, VRB_QUIT),
    SHUTDOWN(false, VRB_SHUTDOWN),
    GETPRSTATUS_MAP(VRB_GETPRSTATUS, KEY_MAP),
    SETPRSTATUS_MAP(VRB_SETPRSTATUS, KEY_MAP),
    SETPRSTATUS_MAP_PATHLIST(VRB_SETPRSTATUS, KEY_MAP, KEY_PATHLIST),
    UNSETPRSTATUS_MAP(VRB_UNSETPRSTATUS, KEY_MAP),
    FORCEQ_DAEMON(VRB_FORCEQ, KEY_DAEMON),
    RESTOREQ_DAEMON(VRB_RESTOREQ, KEY_DAEMON),
    GETPRKEY_MAP(VRB_GETPRKEY, KEY_MAP),
    SETPRKEY_MAP_KEY(VRB_SETPRKEY, KEY_MAP, KEY_KEY),
    UNSETPRKEY_MAP(VRB_UNSETPRKEY, KEY_MAP),
    SETMARGINAL_PATH(VRB_SETMARGINAL, KEY_PATH),
    UNSETMARGINAL_PATH(VRB_UNSETMARGINAL, KEY_PATH),
    UNSETMARGINAL_MAP(VRB_UNSETMARGINAL, KEY_MAP),
    GETPRHOLD_MAP(VRB_GETPRHOLD, KEY_MAP),
    SETPRHOLD_MAP(VRB_SETPRHOLD, KEY_MAP),
    UNSETPRHOLD_MAP(VRB_UNSETPRHOLD, KEY_MAP);

    private static final Map<Integer, Handler> BY_FINGERPRINT = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(Handler::fingerprint, Function.identity()));

    private final List<Keyword> keywords;
    private final boolean locked;

    Handler(Keyword... keywords) {
        this(true, keywords);
    }

    Handler(boolean locked, Keyword... keywords) {
        this.keywords = List.of(keywords);
        this.locked = locked;
    }

    /** The keywords of the command, verb first. */
    public List<Keyword> keywords() {
        return keywords;
    }

    public int fingerprint() {
        return fingerprint(keywords);
    }

    /**
     * Whether multipathd runs this handler under the vectors lock; the daemon
     * queries (list daemon), reconfigure, quit and shutdown run unlocked.
     */
    public boolean locked() {
        return locked;
    }

    /**
     * The command in its first spellings, parameters as "$name", e.g.
     * "switch map $map group $group" or "list maps"; a readable name for logs and docs.
     */
    public String verb() {
        return describe(spellings -> spellings.get(0).word());
    }

    /**
     * The command as multipathd's help lists it (mirrors cli.c do_genhelp): each keyword's
     * spellings joined by '|', and "$name" for a parameter,
     * e.g. "switch|switchgroup map|multipath $map group $group".
     */
    public String usage() {
        return describe(spellings -> spellings.stream().map(KeywordTable.Spelling::word)
                .collect(Collectors.joining("|")));
    }

    private String describe(Function<List<KeywordTable.Spelling>, String> spellingText) {
        return keywords.stream().map(keyword -> {
            List<KeywordTable.Spelling> spellings = KeywordTable.spellings(keyword);
            KeywordTable.Spelling primary = spellings.get(0);
            String text = spellingText.apply(spellings);
            return primary.takesParam() ? text + " $" + primary.word() : text;
        }).collect(Collectors.joining(" "));
    }

    static Optional<Handler> forFingerprint(int fingerprint) {
        return Optional.ofNullable(BY_FINGERPRINT.get(fingerprint));
    }

    /** Mirrors cli.c fingerprint; 0 stands for "more than 4 keywords" and matches nothing. */
    static int fingerprint(List<Keyword> keywords) {
        if (keywords.size() > 4) {
            return 0;
        }
        int fingerprint = 0;
        for (int i = 0; i < keywords.size(); i++) {
            fingerprint |= keywords.get(i).code() << (8 * i);
        }
        return fingerprint;
    }
}
