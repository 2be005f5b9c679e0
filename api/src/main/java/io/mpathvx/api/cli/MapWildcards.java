package io.mpathvx.api.cli;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** The multipath wildcards, in the order of print.c mpd[] (the order "show wildcards" lists). */
final class MapWildcards {
    static final WildcardTable<CliMap> TABLE = new WildcardTable<>(List.of(
            w('n', "name", CliMap::name),
            w('w', "uuid", CliMap::wwid),
            w('d', "sysfs", m -> m.dm() == null ? "undef" : "dm-" + m.dm().minor()),
            w('F', "failback", MapWildcards::failback),
            w('Q', "queueing", MapWildcards::queueing),
            w('N', "paths", m -> Integer.toString(m.activePaths())),
            w('r', "write_prot", m -> m.dm() == null ? "undef" : m.dm().readOnly() ? "ro" : "rw"),
            w('t', "dm-st", m -> m.dm() == null ? "undef" : m.dm().suspended() ? "suspend" : "active"),
            w('S', "size", m -> ValueText.size(m.sizeSectors())),
            w('f', "features", CliMap::features),
            w('x', "failures", m -> unsigned(m.stats().mapFailures())),
            w('h', "hwhandler", CliMap::hwhandler),
            w('A', "action", CliMap::action),
            w('0', "path_faults", m -> unsigned(m.stats().pathFaults())),
            w('1', "switch_grp", m -> unsigned(m.stats().switchGroup())),
            w('2', "map_loads", m -> unsigned(m.stats().mapLoads())),
            w('3', "total_q_time", m -> unsigned(m.stats().totalQueueingTime())),
            w('4', "q_timeouts", m -> unsigned(m.stats().queueingTimeouts())),
            w('s', "vend/prod", MapWildcards::vendorProduct),
            w('v', "vend", m -> firstOfPaths(m, i -> i.vendor())),
            w('p', "prod", m -> firstOfPaths(m, i -> i.product())),
            w('e', "rev", m -> firstOfPaths(m, i -> i.rev())),
            w('G', "foreign", m -> "--"),
            w('g', "vpd page data", MapWildcards::vpdData),
            w('k', "max_sectors_kb", m -> m.maxSectorsKb() == null ? "n/a" : m.maxSectorsKb().toString())));

    private MapWildcards() {
    }

    private static Wildcard<CliMap> w(char letter, String header, Function<CliMap, String> value) {
        return new Wildcard<>(letter, header, value);
    }

    private static String unsigned(int counter) {
        return Integer.toUnsignedString(counter);
    }

    /** Mirrors print.c snprint_failback. */
    private static String failback(CliMap map) {
        CliMap.Failback failback = map.failback();
        return switch (failback.mode()) {
            case IMMEDIATE -> "immediate";
            case FOLLOWOVER -> "followover";
            case MANUAL -> "manual";
            case UNDEF -> "undef";
            case DEFERRED -> failback.tick() == 0 ? "deferred:" + failback.seconds()
                    : ValueText.progress(failback.tick(), failback.seconds());
        };
    }

    /** Mirrors print.c snprint_queueing. */
    private static String queueing(CliMap map) {
        CliMap.Queueing queueing = map.queueing();
        return switch (queueing.mode()) {
            case FAIL -> "off";
            case QUEUE -> "on";
            case UNDEF -> "-";
            case RETRY -> {
                if (queueing.retryTick() > 0) {
                    yield queueing.retryTick() + " sec";
                }
                yield queueing.retryTick() == 0 && map.activePaths() > 0 ? queueing.retries() + " chk" : "off";
            }
        };
    }

    /** Mirrors print.c snprint_multipath_vp: the first path that has both vendor and product. */
    private static String vendorProduct(CliMap map) {
        return map.paths().map(CliPath::inquiry)
                .filter(i -> !i.vendor().isEmpty() && !i.product().isEmpty())
                .map(i -> i.vendor() + "," + i.product())
                .findFirst().orElse("##,##");
    }

    /** Mirrors print.c snprint_multipath_vend/prod/rev: the first path with the field set. */
    private static String firstOfPaths(CliMap map, Function<CliPath.Inquiry, String> field) {
        return map.paths().map(p -> field.apply(p.inquiry()))
                .filter(v -> !v.isEmpty()).findFirst().orElse("##");
    }

    private static String vpdData(CliMap map) {
        return map.paths().map(p -> p.inquiry().vpdData())
                .filter(Objects::nonNull).findFirst().orElse("[undef]");
    }
}
