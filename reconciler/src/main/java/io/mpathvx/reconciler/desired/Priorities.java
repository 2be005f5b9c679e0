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
}
