package io.mpathvx.reconciler;

import io.mpathvx.core.kernel.ScsiReply;
import io.mpathvx.core.model.Path;
import io.mpathvx.reconciler.desired.Priorities;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * multipathd's prioritizers (libmultipath/prioritizers/*.c of multipath-tools 0.14.3: their values, not their code).
 * Each answers a priority, {@link Priorities#UNDEF} when it cannot tell. ontap, iet and path_latency have classes of
 * their own.
 */
final class Prioritizers {
    private static final int DEFAULT_WEIGHT = 0;   // weightedpath.h DEFAULT_PRIORITY

    private Prioritizers() {
    }

    /**
     * @param aas    byte 0 of the path's RTPG descriptor (alua), -1 if unknown
     * @param serial the LUN serial (VPD 0x80), for weightedpath serial
     */
    static int priority(String prio, String args, Path path, PrioDevice dev, int aas, String serial) {
        return switch (prio) {
            case "const" -> Priorities.constant();
            case "random" -> 1 + ThreadLocalRandom.current().nextInt(10);
            case "sysfs" -> Priorities.fromAccessState(dev.sysfs("device/access_state").orElse(null),
                    dev.sysfs("device/preferred_path").orElse(null), args);
            case "alua" -> aas < 0 ? Priorities.UNDEF : Priorities.fromAas(aas, args);
            case "rdac" -> data(dev.inquiry(0xc9, 128)).map(Priorities::rdac).orElse(0);
            case "emc" -> data(dev.inquiry(0xc0, 128)).map(Prioritizers::emc).orElse(Priorities.UNDEF);
            case "hds" -> data(dev.inquiry(-1, 255)).map(Prioritizers::hds).orElse(Priorities.UNDEF);
            case "hp_sw" -> hpSw(dev);
            case "ana" -> ana(dev.anaState());
            case "weightedpath" -> weighted(args, path, serial);
            case "datacore" -> datacore(args, dev);
            case "ontap" -> OntapPrio.priority(dev);
            case "iet" -> IetPrio.priority(args, path.name(), dev.udevProperties());
            case "path_latency" -> PathLatencyPrio.priority(args, dev);
            default -> Priorities.UNDEF;
        };
    }

    private static java.util.Optional<byte[]> data(ScsiReply r) {
        return r == null || !r.good() ? java.util.Optional.empty() : java.util.Optional.of(r.data());
    }

    /** emc.c: from the unit report page 0xC0, the LUN state (+2 when this path's SP is the default owner). */
    static int emc(byte[] b) {
        byte[] p = Arrays.copyOf(b, 128);
        if ((p[1] & 0xff) != 0xc0 || p[9] != 0) return Priorities.UNDEF;
        int mode = p[28] & 0x07;
        if (p[27] != 0x03 || (mode != 0x04 && mode != 0x06) || (p[30] & 0x04) != 0x04) return Priorities.UNDEF;
        if (p[48] != 0) return Priorities.UNDEF;
        int prio = p[4];
        if (p[5] == p[8]) prio += 2;
        return prio;
    }

    /** hds.c: 1 when controller and LDEV parity agree (standard INQUIRY bytes 44..50), else 0. */
    static int hds(byte[] b) {
        if (b.length < 51) return Priorities.UNDEF;
        char ldev = (char) b[47];
        char ctrl = (char) b[49];
        boolean ldevEven = "02468ACE".indexOf(ldev) >= 0;
        boolean ldevOdd = "13579BDF".indexOf(ldev) >= 0;
        if ("02468".indexOf(ctrl) >= 0) return ldevEven ? 1 : ldevOdd ? 0 : Priorities.UNDEF;
        if ("13579".indexOf(ctrl) >= 0) return ldevOdd ? 1 : ldevEven ? 0 : Priorities.UNDEF;
        return Priorities.UNDEF;
    }

    /** hp_sw.c: TUR good 4 (active), NOT READY 04/02 2 (standby), else 0; a reset unit attention is asked again. */
    static int hpSw(PrioDevice dev) {
        for (int i = 0; i < 5; i++) {
            ScsiReply r = dev.testUnitReady();
            if (r == null) return 0;
            if (r.good()) return 4;
            int[] s = r.senseKey();
            if (s[0] == 0x1) return 4;
            if (s[0] == 0x2 && s[1] == 0x04 && s[2] == 0x02) return 2;
            if (s[0] != 0x6 || s[1] != 0x29) return 0;
        }
        return 0;
    }

    /** ana.c getprio: the namespace's ANA state from the controller's ANA log → 50, 10, 1 or 0. */
    static int ana(int state) {
        return switch (state) {
            case NvmeAna.OPTIMIZED -> 50;
            case NvmeAna.NON_OPTIMIZED -> 10;
            case NvmeAna.INACCESSIBLE, NvmeAna.CHANGE -> 1;
            case NvmeAna.PERSISTENT_LOSS -> 0;
            default -> Priorities.UNDEF;
        };
    }

    /**
     * weightedpath.c: {@code hbtl|devname|serial REGEX PRIO ...}: the first regex matching the path's H:C:T:L,
     * device name or serial gives its priority, none gives 0 (wwn: the FC names, not known here, 0 too).
     */
    static int weighted(String args, Path path, String serial) {
        if (args == null || args.isBlank()) return DEFAULT_WEIGHT;
        String[] w = args.strip().split("[ \t]+");
        String subject = switch (w[0]) {
            case "hbtl" -> path.scsi() == null ? null : path.scsi().toString();
            case "devname" -> path.name();
            case "serial" -> serial;
            default -> null;
        };
        if (subject == null) return DEFAULT_WEIGHT;
        for (int i = 1; i + 1 < w.length; i += 2) {
            try {
                if (Pattern.compile(w[i]).matcher(subject).find()) return atoi(w[i + 1]);
            } catch (PatternSyntaxException e) {
                // upstream skips a regex that does not compile
            }
        }
        return DEFAULT_WEIGHT;
    }

    /** datacore.c: 1 when the storage server name (INQUIRY bytes 112..127) contains prio_args' preferredsds. */
    static int datacore(String args, PrioDevice dev) {
        String preferred = null;
        for (String w : args == null ? new String[0] : args.strip().split("\\s+")) {
            if (w.startsWith("preferredsds=")) preferred = w.substring("preferredsds=".length());
        }
        if (preferred == null || preferred.length() <= 1) return 0;
        byte[] b = data(dev.inquiry(-1, 255)).orElse(null);
        if (b == null || b.length < 128) return 0;
        String sds = new String(b, 112, 16, StandardCharsets.US_ASCII);
        int nul = sds.indexOf('\0');
        return (nul >= 0 ? sds.substring(0, nul) : sds).contains(preferred) ? 1 : 0;
    }

    /** C's atoi: leading digits (with sign), 0 when none. */
    private static int atoi(String s) {
        java.util.regex.Matcher m = Pattern.compile("^[+-]?\\d+").matcher(s.strip());
        if (!m.find()) return 0;
        try {
            return Integer.parseInt(m.group());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
