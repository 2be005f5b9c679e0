package io.mpathvx.reconciler;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * multipath-tools 0.14.3's iet prioritizer (libmultipath/prioritizers/iet.c iet_prio): with {@code prio_args
 * "preferredip=A.B.C.D"}, 20 when a {@code /dev/disk/by-path} link of the path's device carries that IP, else 10; 0
 * for missing or malformed args. The links are udev's (DEVLINKS), so without udev it is 10, as without the
 * directory. Upstream compares prefixes (an address that starts the preferred one counts) and so does this.
 */
final class IetPrio {
    private static final Pattern PREFERRED = Pattern.compile("^preferredip=(\\S*)");
    private static final Pattern DISK = Pattern.compile("(sd[a-z]+)");
    private static final Pattern IP = Pattern.compile("([0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3})");
    private static final String BY_PATH = "/dev/disk/by-path/";

    private IetPrio() {
    }

    static int priority(String args, String disk, Optional<Map<String, String>> udev) {
        Matcher a = args == null ? null : PREFERRED.matcher(args.strip());
        if (a == null || !a.find() || a.group(1).length() <= 7) return 0;
        String preferred = a.group(1);
        String links = udev.map(p -> p.get("DEVLINKS")).orElse(null);
        if (links == null) return 10;
        for (String link : links.split("\\s+")) {
            if (!link.startsWith(BY_PATH)) continue;
            // the link points at the device: upstream parses sdX out of the link target and compares its prefix
            Matcher d = DISK.matcher(disk);
            if (!d.find() || !disk.startsWith(d.group(1))) continue;
            Matcher ip = IP.matcher(link.substring(BY_PATH.length()));
            if (ip.find() && preferred.startsWith(ip.group(1))) return 20;
        }
        return 10;
    }
}
