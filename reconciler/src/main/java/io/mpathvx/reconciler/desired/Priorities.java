package io.mpathvx.reconciler.desired;

/**
 * Path priorities from the prioritizers mpathvx supports: const (always 1), and alua / sysfs, both read from the
 * sysfs ALUA attributes {@code device/access_state} and {@code device/preferred_path} (values as multipath-tools'
 * sysfs prioritizer: optimized 50, non-optimized 10, lba-dependent 5, standby 1, anything else 0; a preferred path
 * gets +80 unless it is already optimized and {@code exclusive_pref_bit} is not given).
 */
public final class Priorities {
    public static final int UNDEF = -1;

    private Priorities() {
    }

    public static int constant() {
        return 1;
    }

    /** accessState null means the attribute could not be read: the priority is undefined. */
    public static int fromAccessState(String accessState, String preferredPath, String prioArgs) {
        if (accessState == null) return UNDEF;
        String s = accessState.strip();
        int prio;
        if (s.startsWith("active/optimized")) prio = 50;
        else if (s.startsWith("active/non-optimized")) prio = 10;
        else if (s.startsWith("lba-dependent")) prio = 5;
        else if (s.startsWith("standby")) prio = 1;
        else prio = 0;
        boolean preferred = preferredPath != null && preferredPath.strip().equals("1");
        boolean exclusive = prioArgs != null && java.util.Arrays.asList(prioArgs.split("\\s+")).contains("exclusive_pref_bit");
        if (preferred && (prio != 50 || exclusive)) prio += 80;
        return prio;
    }

    /**
     * The alua prioritizer's value (prioritizers/alua.c getprio) from a REPORT TARGET PORT GROUPS descriptor's first
     * byte: bit 7 preferred, low nibble the asymmetric access state.
     */
    public static int fromAas(int aasByte, String prioArgs) {
        int aas = aasByte & 0x0f;
        int prio = switch (aas) {
            case 0x0 -> 50;
            case 0x1 -> 10;
            case 0x4 -> 5;
            case 0x2 -> 1;
            default -> 0;
        };
        if ((aasByte & 0x80) != 0 && (aas != 0 || exclusivePref(prioArgs))) prio += 80;
        return prio;
    }

    /**
     * The rdac prioritizer's value (prioritizers/rdac.c rdac_prio) from VPD page 0xC9: +2 when this controller owns
     * the volume, +4 for the preferred path, +1 for a secondary path, +8 in I/O shipping mode; 0 for another page.
     */
    public static int rdac(byte[] c9) {
        if (c9.length < 10 || (c9[1] & 0xff) != 0xc9 || (c9[3] & 0xff) != 0x2c || c9[4] != 'v' || c9[5] != 'a'
                || c9[6] != 'c') return 0;
        int ret = 0;
        if ((c9[8] & 1) != 0) ret |= 2;
        switch (c9[9] & 0x0f) {
            case 1 -> ret |= 4;
            case 2 -> ret |= 1;
            default -> { }
        }
        if (((c9[8] >> 5) & 1) != 0) ret |= 8;
        return ret;
    }

    private static boolean exclusivePref(String args) {
        return args != null && java.util.Arrays.asList(args.split("\\s+")).contains("exclusive_pref_bit");
    }
}
