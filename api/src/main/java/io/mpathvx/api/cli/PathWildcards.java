package io.mpathvx.api.cli;

import java.util.List;
import java.util.function.Function;

/** The path wildcards, in the order of print.c pd[] (the order "show wildcards" lists). */
final class PathWildcards {
    /** Upstream's SCSI_INVALID_LUN (~0), shown by %L when the address is unknown. */
    private static final long INVALID_LUN = -1L;

    static final WildcardTable<CliPath> TABLE = new WildcardTable<>(List.of(
            w('w', "uuid", CliPath::wwid),
            w('i', "hcil", PathWildcards::hcil),
            w('d', "dev", p -> p.dev().isEmpty() ? "-" : p.dev()),
            w('D', "dev_t", p -> p.dev().isEmpty() ? "#:#" : p.devT()),
            w('t', "dm_st", p -> p.states().dm().text),
            w('o', "dev_st", p -> p.map() == null ? "unknown" : p.states().offline() ? "offline" : "running"),
            w('T', "chk_st", p -> p.map() == null ? "undef" : p.states().checker().text),
            w('s', "vend/prod/rev", PathWildcards::vendorProductRev),
            w('c', "checker", p -> p.checker().name() == null ? "(null)" : p.checker().name()),
            w('C', "next_check", p -> p.map() == null ? "orphan"
                    : ValueText.progress(p.checker().tick(), p.checker().interval())),
            w('p', "pri", p -> Integer.toString(p.priority())),
            w('S', "size", p -> ValueText.size(p.sizeSectors())),
            w('z', "serial", p -> p.inquiry().serial()),
            w('M', "marginal_st", p -> p.states().marginal() ? "marginal" : "normal"),
            w('m', "multipath", p -> p.map() == null ? "[orphan]" : p.map()),
            w('N', "host WWNN", p -> orUndef(p.transport().hostWwnn())),
            w('n', "target WWNN", p -> orUndef(p.transport().targetWwnn())),
            w('R', "host WWPN", p -> orUndef(p.transport().hostWwpn())),
            w('r', "target WWPN", p -> orUndef(p.transport().targetWwpn())),
            w('a', "host adapter", p -> orUndef(p.transport().hostAdapter())),
            w('G', "foreign", p -> "--"),
            w('g', "vpd page data", p -> orUndef(p.inquiry().vpdData())),
            w('0', "failures", p -> Integer.toString(p.failures())),
            w('P', "protocol", p -> p.transport().protocol() == null ? "undef" : p.transport().protocol()),
            w('I', "init_st", p -> p.states().init().text),
            w('L', "LUN hex", PathWildcards::lunHex),
            w('A', "TPG", p -> p.transport().tpgId() == null ? "[undef]"
                    : String.format("0x%04x", p.transport().tpgId())),
            w('k', "max_sectors_kb", p -> p.maxSectorsKb() == null ? "n/a" : p.maxSectorsKb().toString())));

    private PathWildcards() {
    }

    private static Wildcard<CliPath> w(char letter, String header, Function<CliPath, String> value) {
        return new Wildcard<>(letter, header, value);
    }

    private static String orUndef(String value) {
        return value == null ? "[undef]" : value;
    }

    private static String hcil(CliPath path) {
        CliPath.Hcil a = path.hcil();
        return a == null ? "#:#:#:#"
                : a.host() + ":" + a.channel() + ":" + a.target() + ":" + Long.toUnsignedString(a.lun());
    }

    private static String vendorProductRev(CliPath path) {
        CliPath.Inquiry i = path.inquiry();
        return ValueText.orHashes(i.vendor()) + "," + ValueText.orHashes(i.product()) + ","
                + ValueText.orHashes(i.rev());
    }

    /**
     * Mirrors print.c snprint_path_lunhex: the LUN in SAM byte order (the kernel's
     * int_to_scsilun), i.e. its four 16-bit levels reversed.
     */
    private static String lunHex(CliPath path) {
        long lun = path.hcil() == null ? INVALID_LUN : path.hcil().lun();
        long sam = ((lun & 0xffffL) << 48) | ((lun & 0xffff0000L) << 16)
                | ((lun >>> 16) & 0xffff0000L) | ((lun >>> 48) & 0xffffL);
        return String.format("0x%016x", sam);
    }
}
