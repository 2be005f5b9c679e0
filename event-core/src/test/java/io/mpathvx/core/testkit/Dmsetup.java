package io.mpathvx.core.testkit;

import io.mpathvx.core.model.DevT;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dmsetup as the independent oracle of the guest tests: it reads the kernel with libdevmapper, not with
 * mpathvx's own ioctl codec, so a bug symmetric in our write and read paths cannot pass unseen. dmsetup
 * is a precondition of the tier (it/vm/run-tier.sh fails without it), so there is no fallback here.
 */
public final class Dmsetup {
    private static final Pattern LS_LINE = Pattern.compile("^(\\S+)\\s+\\((\\d+)[:,]\\s*(\\d+)\\)$");

    private Dmsetup() {
    }

    /** One row of {@code dmsetup info -c -o name,uuid,open,events}; uuid is "" when the map has none. */
    public record Info(String name, String uuid, int open, long events) {
    }

    public static Info info(String name) {
        String out = GuestKernel.dmsetup("info", "-c", "--noheadings", "--separator", "|",
                "-o", "name,uuid,open,events", name).orThrow("dmsetup info " + name).output().strip();
        String[] f = out.split("\\|", -1);
        if (f.length != 4) throw new IllegalStateException("dmsetup info: unexpected line: " + out);
        return new Info(f[0], f[1], Integer.parseInt(f[2].strip()), Long.parseLong(f[3].strip()));
    }

    /** {@code dmsetup status NAME}: "start length target params", stripped. */
    public static String status(String name) {
        return GuestKernel.dmsetup("status", name).orThrow("dmsetup status " + name).output().strip();
    }

    /** {@code dmsetup table NAME}: "start length target params", stripped. */
    public static String table(String name) {
        return GuestKernel.dmsetup("table", name).orThrow("dmsetup table " + name).output().strip();
    }

    /** {@code dmsetup ls}: every dm device by name with its device number. */
    public static Map<String, DevT> ls() {
        Map<String, DevT> out = new TreeMap<>();
        String all = GuestKernel.dmsetup("ls").orThrow("dmsetup ls").output();
        for (String line : all.split("\n")) {
            Matcher m = LS_LINE.matcher(line.strip());
            if (m.matches()) out.put(m.group(1), new DevT(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))));
        }
        return out;
    }

    /** Whether dmsetup still knows the map (a deferred removal keeps it until the last close). */
    public static boolean exists(String name) {
        return GuestKernel.dmsetup("info", name).ok();
    }
}
