package io.mpathvx.api.cli;

/**
 * The keyword codes of multipathd's CLI, with the values of multipathd/cli.h (0.14.3).
 * A command is a verb (codes 1..28) followed by qualifiers (65..84); the codes are
 * the bytes of the command's fingerprint, so their values are part of the protocol.
 * The constant names are upstream's, so a reader can match them against cli.h.
 */
public enum Keyword {
    VRB_LIST(1), VRB_ADD(2), VRB_DEL(3), VRB_RESET(4), VRB_SWITCH(5), VRB_RECONFIGURE(6),
    VRB_SUSPEND(7), VRB_RESUME(8), VRB_RESIZE(9), VRB_RELOAD(10), VRB_FAIL(11),
    VRB_REINSTATE(12), VRB_DISABLEQ(13), VRB_RESTOREQ(14), VRB_FORCEQ(15),
    VRB_GETPRSTATUS(16), VRB_SETPRSTATUS(17), VRB_UNSETPRSTATUS(18), VRB_GETPRKEY(19),
    VRB_SETPRKEY(20), VRB_UNSETPRKEY(21), VRB_SETMARGINAL(22), VRB_UNSETMARGINAL(23),
    VRB_SHUTDOWN(24), VRB_QUIT(25), VRB_GETPRHOLD(26), VRB_SETPRHOLD(27), VRB_UNSETPRHOLD(28),

    KEY_PATH(65), KEY_PATHS(66), KEY_MAP(67), KEY_MAPS(68), KEY_TOPOLOGY(69), KEY_CONFIG(70),
    KEY_BLACKLIST(71), KEY_DEVICES(72), KEY_WILDCARDS(73), KEY_ALL(74), KEY_DAEMON(75),
    KEY_FMT(76), KEY_RAW(77), KEY_STATUS(78), KEY_STATS(79), KEY_JSON(80), KEY_LOCAL(81),
    KEY_GROUP(82), KEY_KEY(83), KEY_PATHLIST(84);

    private final int code;

    Keyword(int code) {
        this.code = code;
    }

    /** The byte this keyword contributes to a fingerprint. */
    public int code() {
        return code;
    }
}
